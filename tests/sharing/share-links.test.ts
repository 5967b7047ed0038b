import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createTRPCClient, createWSClient, wsLink, type TRPCClient } from '@trpc/client';
import WebSocket from 'ws';
import { CLIENT_ADDRESS_HEADER, SHARE_VIEWER_HEADER } from '@rdv/contract';
import type { AppRouter } from '@rdv/api';
import { waitUntil } from '@rdv/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows } from '../helpers/audit.ts';
import { tmux, wsClient } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { codeOf, errorOf } from '../helpers/trpc-errors.ts';
import { addStrayUser } from '../helpers/users.ts';

interface Watch {
  events: Array<{ type: string; [key: string]: unknown }>;
  text(): string;
  ended: Promise<'complete' | Error>;
  unsubscribe(): void;
}

/** The tRPC code of a stream's refusal. */
function codeOfError(ended: 'complete' | Error): string | undefined {
  return (ended as { data?: { code?: string } }).data?.code;
}

/** A viewer's `shares.watch`, recording every event (tracked ones unwrapped). */
function watch(client: TRPCClient<AppRouter>, secret: string): Watch {
  const events: Watch['events'] = [];
  let resolveEnded!: (value: 'complete' | Error) => void;
  const ended = new Promise<'complete' | Error>((resolve) => (resolveEnded = resolve));
  const subscription = client.shares.watch.subscribe(
    { secret },
    {
      onData(value: unknown) {
        const v = value as { id?: string; data?: Watch['events'][number] };
        events.push(typeof v.id === 'string' && v.data ? v.data : (value as Watch['events'][number]));
      },
      onError: (error: unknown) => resolveEnded(error as Error),
      onComplete: () => resolveEnded('complete'),
      onStopped: () => resolveEnded('complete'),
    },
  );
  return {
    events,
    text: () =>
      events.map((e) => (e.type === 'output' || e.type === 'snapshot' ? String(e.data) : '')).join(''),
    ended,
    unsubscribe: () => subscription.unsubscribe(),
  };
}

describe('read-only share links', () => {
  const fx = useDaemon({ env: { SHELL: '/bin/bash' } });
  let owner: ReturnType<typeof wsClient>;
  let viewer: ReturnType<typeof wsClient>;
  let workdir: string;
  beforeAll(() => {
    owner = wsClient(fx.daemon, { kind: 'cli', token: fx.daemon.cliToken() });
    viewer = wsClient(fx.daemon, { kind: 'share-viewer' });
    workdir = mkdtempSync(join(tmpdir(), 'rdv-share-'));
  });
  afterAll(async () => {
    await owner.close();
    await viewer.close();
  });

  const newSession = () => fx.api.client.sessions.create.mutate({ cwd: workdir, cols: 80, rows: 24 });
  const type = (sessionId: string, data: string) => owner.client.terminal.input.mutate({ sessionId, data });
  const paneText = (tmuxName: string) => tmux(fx.home, 'capture-pane', '-p', '-S', '-', '-t', `=${tmuxName}:`);
  const paneSize = (tmuxName: string) =>
    tmux(fx.home, 'display-message', '-p', '-t', `=${tmuxName}:`, '#{pane_width}x#{pane_height}').trim();

  it('creates a link whose secret is shown once and stored only as its hash; lists it; audits it', async () => {
    const session = await newSession();
    const link = await fx.api.client.shares.create.mutate({ sessionId: session.id, label: 'pairing with Sam' });
    expect(link.secret).toMatch(/^rdvs_[A-Za-z0-9_-]{43}$/);
    expect(link.sessionName).toBe(session.name);
    const lifetime = new Date(link.expiresAt).getTime() - new Date(link.createdAt).getTime();
    expect(lifetime).toBe(3600 * 1000);

    const listed = await fx.api.client.shares.list.query({ sessionId: session.id });
    expect(listed.map((l) => ({ id: l.id, label: l.label, revokedAt: l.revokedAt }))).toEqual([
      { id: link.id, label: 'pairing with Sam', revokedAt: null },
    ]);
    expect(JSON.stringify(listed)).not.toContain(link.secret);
    expect(listed[0]).not.toHaveProperty('secret');
    expect(listed[0]).not.toHaveProperty('hash');

    // The database file (and its WAL) never holds the secret, only its hash.
    const db = new Database(join(fx.home, 'sqlite.db'), { readonly: true });
    const row = db.prepare('SELECT hash FROM share_links WHERE id = ?').get(link.id) as { hash: string };
    db.close();
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    for (const file of ['sqlite.db', 'sqlite.db-wal']) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(join(fx.home, file));
      } catch {
        continue;
      }
      expect(bytes.includes(Buffer.from(link.secret))).toBe(false);
      expect(bytes.includes(Buffer.from(link.secret.slice(5)))).toBe(false);
    }
    expect(auditRows(fx.home, 'shares.create').map((r) => r.target)).toContain(`share:${link.id}`);
  });

  it('streams the live session to a viewer, who can neither type nor resize, nor call anything else', async () => {
    const session = await newSession();
    const link = await fx.api.client.shares.create.mutate({ sessionId: session.id, label: 'demo' });
    const w = watch(viewer.client, link.secret);
    await waitUntil(() => w.events.some((e) => e.type === 'snapshot'), () => JSON.stringify(w.events), 15_000);
    expect(w.events[0]).toMatchObject({ type: 'share', sessionName: session.name, label: 'demo' });

    await type(session.id, 'echo live-$((6*7))\r');
    await waitUntil(() => w.text().includes('live-42'), () => w.text().slice(-300), 15_000);

    const sizeBefore = paneSize(session.tmuxName);
    expect(await codeOf(viewer.client.terminal.input.mutate({ sessionId: session.id, data: 'echo PWNED-$((2*3))\r' }))).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf(viewer.client.terminal.resize.mutate({ sessionId: session.id, cols: 40, rows: 10, claim: true }))).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf(viewer.client.sessions.list.query())).toBe('FORBIDDEN');
    expect(await codeOf(viewer.client.health.query())).toBe('FORBIDDEN');
    // Proof that the pane got nothing: a marker typed after the refusals arrives, the refused
    // keys never do, and the size stayed.
    await type(session.id, 'echo after-$((5*5))\r');
    await waitUntil(() => w.text().includes('after-25'), () => w.text().slice(-300), 15_000);
    expect(paneText(session.tmuxName)).not.toContain('PWNED');
    expect(w.text()).not.toContain('PWNED');
    expect(paneSize(session.tmuxName)).toBe(sizeBefore);
    expect(sizeBefore).toBe('80x24');

    const connects = auditRows(fx.home, 'shares.watch').filter((r) => r.target === `share:${link.id}`);
    expect(connects.length).toBe(1);
    const [listed] = await fx.api.client.shares.list.query({ sessionId: session.id });
    expect(listed!.lastUsedAt).not.toBeNull();
    w.unsubscribe();
  });

  it('revoking a link ends its open viewers at once and refuses it afterwards', async () => {
    const session = await newSession();
    const link = await fx.api.client.shares.create.mutate({ sessionId: session.id, label: 'to revoke' });
    const w = watch(viewer.client, link.secret);
    await waitUntil(() => w.events.some((e) => e.type === 'snapshot'), () => JSON.stringify(w.events), 15_000);
    const revoked = await fx.api.client.shares.revoke.mutate({ id: link.id });
    expect(revoked.revokedAt).not.toBeNull();
    await waitUntil(() => w.events.some((e) => e.type === 'ended'), () => JSON.stringify(w.events.slice(-3)), 15_000);
    expect(w.events.at(-1)).toEqual({ type: 'ended', reason: 'revoked' });
    expect(await w.ended).toBe('complete');

    const again = watch(viewer.client, link.secret);
    const refusal = await again.ended;
    expect(refusal).toBeInstanceOf(Error);
    expect((refusal as Error).message).toContain('was revoked');
    expect(auditRows(fx.home, 'shares.revoke').map((r) => r.target)).toContain(`share:${link.id}`);
  });

  it('refuses an expired link, and an unknown one, in the same words as for a guess', async () => {
    const session = await newSession();
    const link = await fx.api.client.shares.create.mutate({ sessionId: session.id, label: 'old', expiresInSeconds: 300 });
    const db = new Database(join(fx.home, 'sqlite.db'));
    db.prepare('UPDATE share_links SET "expiresAt" = ? WHERE id = ?').run(Date.now() - 1000, link.id);
    db.close();
    const expired = await watch(viewer.client, link.secret).ended;
    expect((expired as Error).message).toContain('has expired');

    const unknown = await watch(viewer.client, `rdvs_${randomBytes(32).toString('base64url')}`).ended;
    expect((unknown as Error).message).toBe('this share link is not valid');
    expect(codeOfError(unknown)).toBe('UNAUTHORIZED');
    expect(codeOfError(expired)).toBe('UNAUTHORIZED');
    const garbage = await watch(viewer.client, 'not a secret').ended;
    expect((garbage as Error).message).toBe('this share link is not valid');
    const failures = auditRows(fx.home, 'auth.authenticate').filter((r) => r.outcome !== 'success');
    expect(failures.some((r) => JSON.stringify(r.detail).includes('share_link_refused'))).toBe(true);
  });

  it('closing the session ends its viewers and its links', async () => {
    const session = await newSession();
    const link = await fx.api.client.shares.create.mutate({ sessionId: session.id, label: 'closing' });
    const w = watch(viewer.client, link.secret);
    await waitUntil(() => w.events.some((e) => e.type === 'snapshot'), () => JSON.stringify(w.events), 15_000);
    await fx.api.client.sessions.close.mutate({ id: session.id });
    expect(await w.ended).toBe('complete');
    const after = await watch(viewer.client, link.secret).ended;
    expect((after as Error).message).toContain('closed');
    expect(await codeOf(fx.api.client.shares.create.mutate({ sessionId: session.id, label: 'late' }))).toBe('NOT_FOUND');
  });

  it("another owner's session and link are NOT_FOUND; bad input is refused and changes nothing", async () => {
    const stray = addStrayUser(fx.home, 'mallory');
    const db = new Database(join(fx.home, 'sqlite.db'));
    const now = new Date().toISOString();
    const strangerSession = `s${randomBytes(10).toString('hex')}`;
    db.prepare(
      'INSERT INTO sessions (id, "userId", name, kind, cwd, "tmuxName", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(strangerSession, stray.userId, 'theirs', 'shell', '/tmp', `rdv-${strangerSession}`, now, now);
    const strangerLink = `l${randomBytes(10).toString('hex')}`;
    db.prepare(
      'INSERT INTO share_links (id, "userId", "sessionId", label, hash, "createdAt", "expiresAt") VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(strangerLink, stray.userId, strangerSession, 'theirs', 'f'.repeat(64), now, Date.now() + 3_600_000);
    db.close();

    expect(await codeOf(fx.api.client.shares.create.mutate({ sessionId: strangerSession, label: 'mine now' }))).toBe('NOT_FOUND');
    expect(await codeOf(fx.api.client.shares.revoke.mutate({ id: strangerLink }))).toBe('NOT_FOUND');
    expect((await fx.api.client.shares.list.query()).map((l) => l.id)).not.toContain(strangerLink);

    const session = await newSession();
    const before = (await fx.api.client.shares.list.query()).length;
    const bad = [
      { sessionId: session.id, label: '' },
      { sessionId: session.id, label: 'x'.repeat(81) },
      { sessionId: session.id, label: 'ok', expiresInSeconds: 60 },
      { sessionId: session.id, label: 'ok', expiresInSeconds: 8 * 86400 },
      { sessionId: '../etc', label: 'ok' },
    ];
    for (const input of bad) {
      const error = await errorOf(fx.api.client.shares.create.mutate(input));
      expect({ input, code: error.code }).toEqual({ input, code: 'BAD_REQUEST' });
    }
    expect((await fx.api.client.shares.list.query()).length).toBe(before);
  });

  it('backs off a client that presents wrong secrets, like failed logins, without slowing other clients', async () => {
    const session = await newSession();
    const link = await fx.api.client.shares.create.mutate({ sessionId: session.id, label: 'guessed at' });
    // The web server names each viewer's address; a guesser's failures count against it alone.
    const headers = { [SHARE_VIEWER_HEADER]: '1', [CLIENT_ADDRESS_HEADER]: '203.0.113.9' };
    class FromAddress extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers });
      }
    }
    const socket = createWSClient({
      url: `ws+unix://${fx.daemon.terminalSocket}:/`,
      WebSocket: FromAddress as unknown as typeof globalThis.WebSocket,
      retryDelayMs: () => 60_000,
    });
    const guesser = createTRPCClient<AppRouter>({ links: [wsLink({ client: socket })] });
    try {
      const messages: string[] = [];
      for (let i = 0; i < 8; i += 1) {
        const ended = await watch(guesser, `rdvs_${randomBytes(32).toString('base64url')}`).ended;
        messages.push((ended as Error).message);
      }
      expect(messages.slice(0, 5)).toEqual(Array(5).fill('this share link is not valid'));
      expect(messages.at(-1)).toContain('too many failed share links');
      expect(codeOfError(await watch(guesser, 'rdvs_guess').ended)).toBe('TOO_MANY_REQUESTS');
      // While backed off, even the right secret waits; another client is not slowed.
      expect(((await watch(guesser, link.secret).ended) as Error).message).toContain('too many failed share links');
      const w = watch(viewer.client, link.secret);
      await waitUntil(() => w.events.some((e) => e.type === 'snapshot'), () => JSON.stringify(w.events), 15_000);
      w.unsubscribe();
    } finally {
      await socket.close();
    }
  });
});
