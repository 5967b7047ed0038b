// search.query against a real daemon: real tmux sessions with known output, a real recording.
// Commands print computed text (`$((6*7))`), so the typed command line never matches the query:
// only what the sessions printed does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '@rdv/test-support';
import { apiClient, tmux } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { codeOf, errorOf } from '../helpers/trpc-errors.ts';
import { handOver } from '../helpers/users.ts';

type Api = ReturnType<typeof apiClient>;
type SearchInput = Parameters<Api['client']['search']['query']['query']>[0];

describe('search.query across sessions', () => {
  const fx = useDaemon({ env: { SHELL: '/bin/sh' } });
  const ids: Record<'old' | 'a' | 'b' | 'rec' | 'many', string> = {
    old: '',
    a: '',
    b: '',
    rec: '',
    many: '',
  };
  let folderId: string;

  const search = (input: SearchInput) => fx.api.client.search.query.query(input);
  /** The session's whole tmux history and screen, as search numbers its lines (1 = first). */
  const captured = (id: string) =>
    tmux(fx.home, 'capture-pane', '-p', '-S', '-', '-t', `=rdv-${id}:`).split('\n').slice(0, -1);
  const printed = async (id: string, text: string) =>
    waitUntil(
      async () =>
        (await fx.api.client.sessions.scrollback.query({ id, lines: 500 })).text
          .split('\n')
          .includes(text),
      `${text} in ${id}`,
      20_000,
    );

  beforeAll(async () => {
    await fx.api.client.preferences.set.mutate({
      folderId: null,
      values: { shell: '/bin/sh', env: { PS1: '$ ', ENV: '' } },
    });
    folderId = (await fx.api.client.folders.create.mutate({ name: 'searched' })).id;
    const create = async (name: string, extra: { folderId?: string } = {}) =>
      (await fx.api.client.sessions.create.mutate({ name, cols: 100, rows: 20, ...extra })).id;
    // Searched last (newest first), in the second window of sessions tmux is asked for.
    ids.old = await create('oldest');
    ids.a = await create('alpha', { folderId });
    ids.b = await create('beta');
    ids.rec = await create('recorded');
    ids.many = await create('many');
    await fx.api.client.recordings.set.mutate({ sessionId: ids.rec, enabled: true });

    await fx.api.client.sessions.exec.mutate({
      id: ids.a,
      text: "echo 'first line'; echo Needle-$((40+2)) in alpha; echo 'last line'",
    });
    await fx.api.client.sessions.exec.mutate({ id: ids.old, text: 'echo oldest needle-$((40+2))' });
    await fx.api.client.sessions.exec.mutate({
      id: ids.b,
      text: 'echo beta says needle-$((40+2)) twice: NEEDLE-$((40+2))',
    });
    await fx.api.client.sessions.exec.mutate({
      id: ids.b,
      text: "printf 'a%.0s' $(seq 1 40); echo '!'",
    });
    await fx.api.client.sessions.exec.mutate({
      id: ids.many,
      text: 'for i in $(seq 1 120); do echo "pg$((i*0))x row $i"; done',
    });
    await printed(ids.old, 'oldest needle-42');
    await printed(ids.a, 'Needle-42 in alpha');
    await printed(ids.b, 'beta says needle-42 twice: NEEDLE-42');
    await printed(ids.b, `${'a'.repeat(40)}!`);
    await printed(ids.many, 'pg0x row 120');
    // The recorder starts with the session's stream; give it the output after it runs.
    await waitUntil(
      async () =>
        (await fx.api.client.recordings.list.query()).some(
          (r) => r.sessionId === ids.rec && r.active,
        ),
      'recorder running',
      20_000,
    );
    await fx.api.client.sessions.exec.mutate({ id: ids.rec, text: 'echo rec-needle-$((6*7))' });
    await printed(ids.rec, 'rec-needle-42');
    await fx.api.client.sessions.exec.mutate({
      id: ids.rec,
      text: 'for i in $(seq 1 120); do echo "rpg$((i*0))x row $i"; done',
    });
    await printed(ids.rec, 'rpg0x row 120');
    await waitUntil(
      async () =>
        (await search({ query: 'rec-needle-42', sources: ['recording'] })).matches.length > 0,
      'the recording to hold rec-needle-42',
      20_000,
    );
  });

  it('finds a literal in every live session, ignoring case, on the line tmux shows it', async () => {
    const result = await search({ query: 'needle-42', sources: ['scrollback'] });
    expect(result.nextCursor).toBeNull();
    expect(result.truncated).toBe(false);
    expect(result.searchedSessions).toBe(5);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(0);
    const bySession = (id: string) => result.matches.filter((m) => m.sessionId === id);
    expect(bySession(ids.a)).toEqual([
      expect.objectContaining({
        sessionName: 'alpha',
        folderId,
        source: 'scrollback',
        text: 'Needle-42 in alpha',
        ranges: [[0, 9]],
      }),
    ]);
    const [beta] = bySession(ids.b);
    expect(beta).toMatchObject({
      sessionName: 'beta',
      folderId: null,
      text: 'beta says needle-42 twice: NEEDLE-42',
      ranges: [
        [10, 19],
        [27, 36],
      ],
    });
    expect(bySession(ids.rec).map((m) => m.text)).toEqual(['rec-needle-42']);
    expect(bySession(ids.old).map((m) => m.text)).toEqual(['oldest needle-42']);
    // Newest sessions first: the oldest one's match comes last.
    expect(result.matches.at(-1)?.sessionId).toBe(ids.old);
    // `line` is the row in tmux's history + screen; `fromEnd` counts rows below it.
    for (const match of result.matches) {
      const lines = captured(match.sessionId);
      expect(lines[match.line - 1]).toBe(match.text);
      expect(match.fromEnd).toBe(lines.length - match.line);
    }
  });

  it('matches case exactly when asked', async () => {
    const result = await search({
      query: 'NEEDLE-42',
      caseSensitive: true,
      sources: ['scrollback'],
    });
    expect(result.matches.map((m) => [m.sessionName, m.ranges])).toEqual([['beta', [[27, 36]]]]);
  });

  it('runs a regular expression, with case', async () => {
    const result = await search({
      query: 'needle-4\\d (in|twice)',
      regex: true,
      sources: ['scrollback'],
    });
    expect(result.matches.map((m) => m.sessionName).sort()).toEqual(['alpha', 'beta']);
    const sensitive = await search({
      query: 'N[E]EDLE-\\d+$',
      regex: true,
      caseSensitive: true,
      sources: ['scrollback'],
    });
    expect(sensitive.matches.map((m) => [m.sessionName, m.ranges])).toEqual([['beta', [[27, 36]]]]);
  });

  it('filters by folder and by session', async () => {
    const inFolder = await search({ query: 'needle-42', folderId });
    expect(inFolder.matches.map((m) => m.sessionName)).toEqual(['alpha']);
    expect(inFolder.searchedSessions).toBe(1);
    const one = await search({ query: 'needle', sessionId: ids.b });
    expect(new Set(one.matches.map((m) => m.sessionId))).toEqual(new Set([ids.b]));
  });

  it('finds text in a recording, with the time it was printed', async () => {
    const result = await search({ query: 'REC-NEEDLE-42', sources: ['recording'] });
    expect(result.matches).toEqual([
      expect.objectContaining({
        sessionId: ids.rec,
        sessionName: 'recorded',
        source: 'recording',
        text: 'rec-needle-42',
        ranges: [[0, 13]],
        time: expect.any(Number),
      }),
    ]);
    expect(result.matches[0]!.line).toBeGreaterThan(0);
    // Both sources by default: scrollback first, then recordings.
    const both = await search({ query: 'rec-needle-42' });
    expect(both.matches.map((m) => m.source)).toEqual(['scrollback', 'recording']);
  });

  it('pages with a cursor: every matching line once, in order', async () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await search({
        query: 'pg0x row',
        sessionId: ids.many,
        sources: ['scrollback'],
        limit: 50,
        ...(cursor ? { cursor } : {}),
      });
      expect(page.matches.length).toBeLessThanOrEqual(50);
      seen.push(...page.matches.map((m) => Number(m.text.split(' ').at(-1))));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages < 10);
    expect(cursor).toBeUndefined();
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(seen).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
  });

  it('pages through a recording with a cursor: every line once, in order', async () => {
    await waitUntil(
      async () =>
        (await search({ query: 'rpg0x row 120', sources: ['recording'] })).matches.length === 1,
      'the recording to hold the last row',
      20_000,
    );
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await search({
        query: 'rpg0x row',
        sessionId: ids.rec,
        sources: ['recording'],
        limit: 25,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.matches.map((m) => Number(m.text.split(' ').at(-1))));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages < 20);
    expect(cursor).toBeUndefined();
    expect(pages).toBeGreaterThanOrEqual(5);
    expect(seen).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
  });

  it('refuses a cursor from another query or one that is not a cursor', async () => {
    const first = await search({ query: 'pg0x row', sessionId: ids.many, limit: 5 });
    expect(first.nextCursor).not.toBeNull();
    const other = await errorOf(
      search({ query: 'pg0x', sessionId: ids.many, limit: 5, cursor: first.nextCursor! }),
    );
    expect(other).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/another query/),
    });
    expect(await codeOf(search({ query: 'x', cursor: 'garbage' }))).toBe('BAD_REQUEST');
  });

  it('refuses bad input with a clear error', async () => {
    const invalid = await errorOf(search({ query: '(unclosed', regex: true }));
    expect(invalid.code).toBe('BAD_REQUEST');
    expect(invalid.message).toMatch(/invalid regular expression/);
    expect((await errorOf(search({ query: 'a*', regex: true }))).message).toMatch(
      /matches empty text/,
    );
    const bad: unknown[] = [
      { query: '' },
      { query: 'x'.repeat(501) },
      { query: 'two\nlines' },
      { query: 'x', limit: 0 },
      { query: 'x', limit: 10_000 },
      { query: 'x', sources: ['history'] },
      { query: 'x', sessionId: '../etc' },
      { query: 'x', folderId: 'a b' },
      { query: 'x', cursor: 'c'.repeat(2_000) },
    ];
    for (const input of bad)
      expect(await codeOf(search(input as SearchInput)), JSON.stringify(input).slice(0, 60)).toBe(
        'BAD_REQUEST',
      );
  });

  it('stops a regular expression that backtracks catastrophically, saying so', async () => {
    const started = Date.now();
    const error = await errorOf(
      search({ query: '(a+)+$', regex: true, sessionId: ids.b, sources: ['scrollback'] }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/catastrophic backtracking/);
    expect(Date.now() - started).toBeLessThan(30_000);
    // The daemon is still answering.
    expect((await search({ query: 'needle-42', sessionId: ids.a })).matches).toHaveLength(1);
  });

  it('refuses a folder or session that does not exist', async () => {
    expect(await codeOf(search({ query: 'x', folderId: 'nosuchfolder' }))).toBe('NOT_FOUND');
    expect(await codeOf(search({ query: 'x', sessionId: 'nosuchsession' }))).toBe('NOT_FOUND');
  });

  describe('owner checks', () => {
    let stranger: Api | undefined;
    afterAll(async () => {
      await stranger?.close();
    });

    it('never searches, or names, another user’s sessions', async () => {
      const next = await handOver(fx.daemon, { SHELL: '/bin/sh' });
      fx.daemon = next.daemon;
      stranger = apiClient(fx.daemon, { kind: 'cli', token: next.owner.token });
      // The previous owner's tmux sessions still run and still hold needle-42.
      expect(captured(ids.a)).toContain('Needle-42 in alpha');
      const result = await stranger.client.search.query.query({ query: 'needle-42' });
      expect(result).toMatchObject({ matches: [], searchedSessions: 0, nextCursor: null });
      expect(
        await codeOf(stranger.client.search.query.query({ query: 'needle', sessionId: ids.a })),
      ).toBe('NOT_FOUND');
      expect(await codeOf(stranger.client.search.query.query({ query: 'needle', folderId }))).toBe(
        'NOT_FOUND',
      );
    });
  });
});
