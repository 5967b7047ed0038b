import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { downloadFile, FileTransferError, uploadFile, type FileRouteTarget } from '@rdv/client/files';
import { waitUntil } from '@rdv/test-support';
import { describe, expect, it } from 'vitest';
import { auditRows } from '../helpers/audit.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { handOver } from '../helpers/users.ts';

const MIB = 1024 * 1024;

/** A body of `total` bytes of `fill`, in chunks, that counts how much was pulled from it. */
function countedBody(total: number, fill = 0x61, chunk = 64 * 1024): { body: Readable; pulled: () => number } {
  let sent = 0;
  const body = new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const size = Math.min(chunk, total - sent);
      sent += size;
      this.push(Buffer.alloc(size, fill));
    },
  });
  return { body, pulled: () => sent };
}

/** The refusal of a file route: status, code and message. */
async function refusalOf(call: Promise<unknown>): Promise<{ status: number; code: string; message: string }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof FileTransferError) return { status: error.status, code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected the file route to refuse');
}

const bytesOf = async (stream: Readable): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

describe('files into a session: uploads on api.sock', () => {
  const fx = useDaemon({ git: 'root', config: '[files]\nupload_max_mb = 1\n', env: { SHELL: '/bin/bash' } });
  const target = (): FileRouteTarget => ({ socketPath: fx.daemon.apiSocket, credentials: { kind: 'cli', token: fx.daemon.cliToken() } });
  const upload = (sessionId: string, name: string, content: Buffer | Readable, size?: number) =>
    uploadFile(target(), {
      sessionId,
      name,
      body: Buffer.isBuffer(content) ? Readable.from([content]) : content,
      size: Buffer.isBuffer(content) ? content.length : size,
    });
  const newSession = async () => {
    mkdirSync(join(fx.root, 'work'), { recursive: true });
    return fx.api.client.sessions.create.mutate({ cwd: join(fx.root, 'work') });
  };
  const folderOf = (id: string) => join(fx.home, 'uploads', id);

  it('stores the bytes 0600 in RDV_HOME/uploads/<session>/ (0700) and answers its path', async () => {
    const session = await newSession();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 0, 255]);
    const stored = await upload(session.id, 'Screen Shot 1.png', png);
    expect(stored).toEqual({ path: join(folderOf(session.id), 'Screen Shot 1.png'), name: 'Screen Shot 1.png', size: png.length });
    expect(readFileSync(stored.path)).toEqual(png);
    expect(statSync(stored.path).mode & 0o777).toBe(0o600);
    expect(statSync(folderOf(session.id)).mode & 0o777).toBe(0o700);
    expect(statSync(join(fx.home, 'uploads')).mode & 0o077).toBe(0);

    const again = await upload(session.id, 'Screen Shot 1.png', Buffer.from('second'));
    expect(again.name).toBe('Screen Shot 1-2.png');
    expect(readFileSync(stored.path)).toEqual(png);
    expect(readFileSync(again.path, 'utf8')).toBe('second');

    const audited = auditRows(fx.home, 'files.upload').filter((row) => row.target === `session:${session.id}`);
    expect(audited.map((row) => [row.outcome, row.detail.bytes, row.tokenKind])).toEqual([
      ['success', png.length, 'cli'],
      ['success', 6, 'cli'],
    ]);
  });

  it('refuses a file declared over upload_max_mb at once, with the limit in the message, keeping nothing', async () => {
    const session = await newSession();
    const { body, pulled } = countedBody(3 * MIB);
    const refused = await refusalOf(upload(session.id, 'big.bin', body, 3 * MIB));
    expect(refused).toEqual({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: '"big.bin" is 3 MB; more than the upload limit of 1 MB ([files] upload_max_mb); nothing was kept',
    });
    // Refused on Expect: 100-continue, before the body was asked for: not a byte was sent.
    expect(pulled()).toBe(0);
    expect(existsSync(folderOf(session.id))).toBe(false);
  });

  it('answers a client that sends its body without waiting for 100 Continue, after reading the rest', async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          socketPath: fx.daemon.apiSocket,
          method: 'POST',
          path: '/files/upload?session=0123456789abcdef01234567&name=a.bin',
          headers: { authorization: `Bearer ${fx.daemon.cliToken()}`, 'content-length': String(512 * 1024) },
        },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end(Buffer.alloc(512 * 1024));
    });
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'NOT_FOUND', message: 'session 0123456789abcdef01234567 not found' } });
  });

  it('cuts off a body without a length once it passes the limit, while it streams, keeping nothing', async () => {
    const session = await newSession();
    const { body, pulled } = countedBody(64 * MIB);
    const refused = await refusalOf(upload(session.id, 'endless.bin', body));
    expect(refused.status).toBe(413);
    expect(refused.message).toMatch(/"endless\.bin" is larger than the upload limit of 1 MB/);
    // Refused near the limit (plus what the sockets buffer), not after reading all 64 MiB.
    expect(pulled()).toBeLessThan(16 * MIB);
    expect(existsSync(folderOf(session.id))).toBe(false);
    // The daemon is fine and serves the next upload.
    expect((await upload(session.id, 'small.txt', Buffer.from('ok'))).size).toBe(2);
  });

  it('refuses names that are paths, and empty files, with a clear message and nothing written', async () => {
    const session = await newSession();
    for (const name of ['../../escape.txt', '/etc/passwd', 'a/b.txt', '..', '.']) {
      const refused = await refusalOf(upload(session.id, name, Buffer.from('x')));
      expect({ name, status: refused.status, code: refused.code }).toEqual({ name, status: 400, code: 'BAD_REQUEST' });
    }
    expect(existsSync(join(fx.home, 'escape.txt'))).toBe(false);
    expect(existsSync(join(fx.home, 'uploads', 'escape.txt'))).toBe(false);
    expect(existsSync(folderOf(session.id))).toBe(false);
    expect(await refusalOf(upload(session.id, 'empty.txt', Buffer.alloc(0)))).toMatchObject({
      status: 400,
      message: '"empty.txt" is empty; nothing was kept',
    });
    expect(await refusalOf(upload(session.id, '', Buffer.from('x')))).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    // A hidden name or control characters are made safe rather than refused.
    const hidden = await upload(session.id, '.bashrc', Buffer.from('x'));
    const controls = await upload(session.id, 'a\tb\u001b[2J.txt', Buffer.from('x'));
    expect([hidden.name, controls.name]).toEqual(['bashrc', 'a_b_[2J.txt']);
    expect(readdirSync(folderOf(session.id)).sort()).toEqual(['a_b_[2J.txt', 'bashrc']);
  });

  it('refuses an unknown session (404), a closed one (412), no token (401) and a bad session id (400)', async () => {
    expect(await refusalOf(upload('0123456789abcdef01234567', 'a.txt', Buffer.from('x')))).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
    const session = await newSession();
    await fx.api.client.sessions.close.mutate({ id: session.id });
    expect(await refusalOf(upload(session.id, 'a.txt', Buffer.from('x')))).toMatchObject({
      status: 412,
      code: 'PRECONDITION_FAILED',
    });
    const anonymous = uploadFile(
      { socketPath: fx.daemon.apiSocket, credentials: { kind: 'none' } },
      { sessionId: session.id, name: 'a.txt', body: Readable.from([Buffer.from('x')]), size: 1 },
    );
    expect(await refusalOf(anonymous)).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    expect(await refusalOf(upload('../../etc', 'a.txt', Buffer.from('x')))).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    expect(existsSync(folderOf(session.id))).toBe(false);
  });

  it('answers 405 to the wrong method', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { socketPath: fx.daemon.apiSocket, method: 'GET', path: '/files/upload', headers: { authorization: `Bearer ${fx.daemon.cliToken()}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(405);
  });

  it("removes a session's uploads when it is closed", async () => {
    const session = await newSession();
    const stored = await upload(session.id, 'keep-until-close.txt', Buffer.from('x'));
    expect(existsSync(stored.path)).toBe(true);
    await fx.api.client.sessions.close.mutate({ id: session.id });
    await waitUntil(() => !existsSync(folderOf(session.id)), 'the uploads folder removed', 10_000);
  });

  it("keeps a live session's uploads across a daemon restart; sweeps those of closed and unknown sessions at start", async () => {
    const live = await newSession();
    const kept = await upload(live.id, 'kept.txt', Buffer.from('x'));
    const closing = await newSession();
    await upload(closing.id, 'gone.txt', Buffer.from('x'));
    await fx.api.client.sessions.close.mutate({ id: closing.id });
    // The close removes its uploads after it answers: let that finish before leaving some behind.
    await waitUntil(() => !existsSync(folderOf(closing.id)), "the close's own removal", 10_000);
    // As if the daemon had died between the close and the removal, and a session gone since;
    // beside them a folder rdv did not make (another mode), which a sweep must leave alone.
    for (const id of [closing.id, 'ffffffffffffffffffffffff']) {
      mkdirSync(folderOf(id), { recursive: true });
      chmodSync(folderOf(id), 0o700);
      writeFileSync(join(folderOf(id), 'left.txt'), 'x');
    }
    mkdirSync(join(fx.home, 'uploads', 'not-rdvs'), { mode: 0o755 });
    chmodSync(join(fx.home, 'uploads', 'not-rdvs'), 0o755);
    await fx.restart();
    await waitUntil(() => !existsSync(folderOf(closing.id)) && !existsSync(folderOf('ffffffffffffffffffffffff')), 'swept', 20_000);
    expect(readFileSync(kept.path, 'utf8')).toBe('x');
    expect(existsSync(join(fx.home, 'uploads', 'not-rdvs'))).toBe(true);
  });
});

describe('files out of a session: downloads on api.sock', () => {
  const fx = useDaemon({ git: 'root', config: '[files]\ndownload_max_mb = 1\n', env: { SHELL: '/bin/bash' } });
  const target = (): FileRouteTarget => ({ socketPath: fx.daemon.apiSocket, credentials: { kind: 'cli', token: fx.daemon.cliToken() } });
  const download = (sessionId: string, path: string) => downloadFile(target(), { sessionId, path });

  const project = () => join(fx.root, 'project');
  const setUp = async () => {
    mkdirSync(join(project(), 'src'), { recursive: true });
    mkdirSync(join(fx.root, 'outside'), { recursive: true });
    writeFileSync(join(project(), 'src', 'main.rs'), 'fn main() {}\n');
    writeFileSync(join(project(), 'résumé (final).pdf'), Buffer.from([0, 1, 2, 255]));
    writeFileSync(join(project(), 'big.bin'), Buffer.alloc(2 * MIB));
    writeFileSync(join(fx.root, 'outside', 'secret.txt'), 'secret');
    symlinkSync(join(fx.root, 'outside', 'secret.txt'), join(project(), 'escape'));
    symlinkSync(join(fx.root, 'outside'), join(project(), 'escape-dir'));
    symlinkSync('/etc/passwd', join(project(), 'passwd'));
    return fx.api.client.sessions.create.mutate({ cwd: project() });
  };

  it('returns the bytes of a file in the working directory, as an attachment named after it', async () => {
    const session = await setUp();
    const file = await download(session.id, 'résumé (final).pdf');
    expect(file.name).toBe('résumé (final).pdf');
    expect(file.size).toBe(4);
    expect(await bytesOf(file.stream)).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(file.stream.headers).toMatchObject({
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename="r_sum_ (final).pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%28final%29.pdf`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    expect(await bytesOf((await download(session.id, 'src/main.rs')).stream)).toEqual(Buffer.from('fn main() {}\n'));
    const audited = auditRows(fx.home, 'files.download').filter((row) => row.target === `session:${session.id}`);
    expect(audited.map((row) => [row.outcome, row.detail.bytes])).toEqual([
      ['success', 4],
      ['success', 13],
    ]);
  });

  it('refuses what leads outside: "..", absolute paths, and symlinks out of the working directory', async () => {
    const session = (await fx.api.client.sessions.list.query({ status: 'active' }))[0]!;
    expect(await refusalOf(download(session.id, '../outside/secret.txt'))).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    expect(await refusalOf(download(session.id, join(fx.root, 'outside', 'secret.txt')))).toMatchObject({ status: 400 });
    for (const path of ['escape', 'escape-dir/secret.txt', 'passwd']) {
      const refused = await refusalOf(download(session.id, path));
      expect({ path, status: refused.status, code: refused.code }).toEqual({ path, status: 403, code: 'FORBIDDEN' });
    }
    const audited = auditRows(fx.home, 'files.download').filter((row) => row.outcome === 'refused');
    expect(audited.length).toBeGreaterThanOrEqual(5);
  });

  it('refuses a folder, a missing file and one over download_max_mb, each saying why', async () => {
    const session = (await fx.api.client.sessions.list.query({ status: 'active' }))[0]!;
    expect(await refusalOf(download(session.id, 'src'))).toMatchObject({ status: 400, message: 'src is a folder; download one file at a time' });
    expect(await refusalOf(download(session.id, 'nope.txt'))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(await refusalOf(download(session.id, 'big.bin'))).toEqual({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: 'big.bin is 2 MB; the download limit is 1 MB ([files] download_max_mb)',
    });
    expect(await refusalOf(download('0123456789abcdef01234567', 'src/main.rs'))).toMatchObject({ status: 404 });
  });

  it('refuses a session whose working directory is outside [worktrees] allowed_roots', async () => {
    const session = await fx.api.client.sessions.create.mutate({ cwd: fx.home });
    expect(await refusalOf(download(session.id, 'config.toml'))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  it("answers another user's session as NOT_FOUND, for uploads and downloads alike", async () => {
    const session = (await fx.api.client.sessions.list.query({ status: 'active' }))[0]!;
    const { daemon } = await handOver(fx.daemon);
    fx.daemon = daemon;
    const owner: FileRouteTarget = { socketPath: daemon.apiSocket, credentials: { kind: 'cli', token: daemon.cliToken() } };
    expect(await refusalOf(downloadFile(owner, { sessionId: session.id, path: 'src/main.rs' }))).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
    expect(
      await refusalOf(uploadFile(owner, { sessionId: session.id, name: 'x.txt', body: Readable.from([Buffer.from('x')]), size: 1 })),
    ).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(existsSync(join(fx.home, 'uploads', session.id))).toBe(false);
  });
});
