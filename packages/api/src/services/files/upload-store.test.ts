import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BadInputError, InternalError, PayloadTooLargeError } from '../../errors.ts';
import { UploadStore } from './upload-store.ts';

const SESSION = 'a1b2c3d4e5f6a1b2c3d4e5f6';

/** A body that arrives in chunks, as a socket delivers it, and says how much it read. */
function chunked(total: number, chunkSize = 64 * 1024): { stream: Readable; read: () => number } {
  let sent = 0;
  const stream = new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const size = Math.min(chunkSize, total - sent);
      sent += size;
      this.push(Buffer.alloc(size, 0x61));
    },
  });
  return { stream, read: () => sent };
}

describe('UploadStore', () => {
  let dir: string;
  let store: UploadStore;
  beforeEach(() => {
    dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'rdv-uploads-')));
    store = new UploadStore(path.join(dir, 'uploads'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores the bytes in <dir>/<session>/<name>, folders 0700 and the file 0600', async () => {
    const saved = await store.save(SESSION, 'shot.png', { stream: Readable.from([Buffer.from('png bytes')]), declaredBytes: 9 }, 1024);
    expect(saved).toEqual({ path: path.join(dir, 'uploads', SESSION, 'shot.png'), name: 'shot.png', size: 9 });
    expect(readFileSync(saved.path, 'utf8')).toBe('png bytes');
    expect(statSync(saved.path).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dir, 'uploads', SESSION)).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dir, 'uploads')).mode & 0o077).toBe(0);
    // Only the file: the temporary name is gone.
    expect(readdirSync(path.join(dir, 'uploads', SESSION))).toEqual(['shot.png']);
  });

  it('never overwrites: the same name twice is kept twice, the second numbered', async () => {
    const first = await store.save(SESSION, 'notes.txt', { stream: Readable.from([Buffer.from('one')]) }, 1024);
    const second = await store.save(SESSION, 'notes.txt', { stream: Readable.from([Buffer.from('two')]) }, 1024);
    expect([first.name, second.name]).toEqual(['notes.txt', 'notes-2.txt']);
    expect(readFileSync(first.path, 'utf8')).toBe('one');
    expect(readFileSync(second.path, 'utf8')).toBe('two');
  });

  it('refuses a declared length over the limit before reading a byte, and makes nothing', async () => {
    const body = chunked(2048);
    await expect(store.save(SESSION, 'big.bin', { stream: body.stream, declaredBytes: 2048 }, 1024)).rejects.toThrow(
      PayloadTooLargeError,
    );
    expect(body.read()).toBe(0);
    expect(existsSync(path.join(dir, 'uploads', SESSION))).toBe(false);
  });

  it('cuts off a body that goes past the limit while it streams (no declared length), keeping nothing', async () => {
    const limit = 256 * 1024;
    const body = chunked(8 * 1024 * 1024, 16 * 1024);
    await expect(store.save(SESSION, 'big.bin', { stream: body.stream }, limit)).rejects.toThrow(
      /"big\.bin" is larger than the upload limit of 256 KB \(\[files\] upload_max_mb\); nothing was kept/,
    );
    // Stopped at the limit (plus what was buffered), not after reading all 8 MiB.
    expect(body.read()).toBeLessThan(limit + 256 * 1024);
    // Left open: an HTTP request's stream is its socket, and the refusal still has to go out on it.
    expect(body.stream.destroyed).toBe(false);
    expect(existsSync(path.join(dir, 'uploads', SESSION))).toBe(false);
  });

  it('refuses an empty file, keeping nothing', async () => {
    await expect(store.save(SESSION, 'empty.txt', { stream: Readable.from([]) }, 1024)).rejects.toThrow(
      '"empty.txt" is empty; nothing was kept',
    );
    await expect(store.save(SESSION, 'empty.txt', { stream: Readable.from([]), declaredBytes: 0 }, 1024)).rejects.toThrow(
      BadInputError,
    );
    expect(existsSync(path.join(dir, 'uploads', SESSION))).toBe(false);
  });

  it('keeps files already there when a later upload is refused', async () => {
    const kept = await store.save(SESSION, 'a.txt', { stream: Readable.from([Buffer.from('a')]) }, 1024);
    await expect(store.save(SESSION, 'b.bin', { stream: chunked(4096).stream }, 1024)).rejects.toThrow(PayloadTooLargeError);
    expect(readdirSync(path.dirname(kept.path))).toEqual(['a.txt']);
  });

  it('refuses a name that is a path, before making anything', async () => {
    await expect(store.save(SESSION, '../../escape.txt', { stream: Readable.from([Buffer.from('x')]) }, 1024)).rejects.toThrow(
      BadInputError,
    );
    expect(existsSync(path.join(dir, 'uploads'))).toBe(false);
    expect(existsSync(path.join(dir, 'escape.txt'))).toBe(false);
  });

  it('refuses a session id that is not an id', async () => {
    await expect(store.save('../x', 'a.txt', { stream: Readable.from([Buffer.from('x')]) }, 1024)).rejects.toThrow(BadInputError);
  });

  it('does not follow a symlink put in place of a session folder', async () => {
    const elsewhere = path.join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    mkdirSync(path.join(dir, 'uploads'));
    symlinkSync(elsewhere, path.join(dir, 'uploads', SESSION));
    await expect(store.save(SESSION, 'a.txt', { stream: Readable.from([Buffer.from('x')]) }, 1024)).rejects.toThrow(InternalError);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('a cut-off body is a refusal and leaves nothing', async () => {
    const stream = new Readable({ read() {} });
    stream.push(Buffer.from('partial'));
    setTimeout(() => stream.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })), 20);
    await expect(store.save(SESSION, 'cut.txt', { stream }, 1024)).rejects.toThrow(/cut off/);
    expect(existsSync(path.join(dir, 'uploads', SESSION))).toBe(false);
  });

  it('removes a session folder with its files, and lists the folders it has', async () => {
    await store.save(SESSION, 'a.txt', { stream: Readable.from([Buffer.from('a')]) }, 1024);
    expect(await store.sessionsWithUploads()).toEqual([SESSION]);
    await store.remove(SESSION);
    expect(existsSync(path.join(dir, 'uploads', SESSION))).toBe(false);
    expect(await store.sessionsWithUploads()).toEqual([]);
    await store.remove(SESSION); // twice is fine
  });

  it('lists only folders it could have made (an id for a name, mode 0700), so a sweep touches nothing else', async () => {
    await store.save(SESSION, 'a.txt', { stream: Readable.from([Buffer.from('a')]) }, 1024);
    mkdirSync(path.join(dir, 'uploads', 'someone-elses'), { mode: 0o755 });
    mkdirSync(path.join(dir, 'uploads', 'has.dot'), { mode: 0o700 });
    writeFileSync(path.join(dir, 'uploads', 'bbbbbbbbbbbbbbbbbbbbbbbb'), 'a file');
    expect(await store.sessionsWithUploads()).toEqual([SESSION]);
  });
});
