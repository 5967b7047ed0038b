// `sessions.list` latency with ~1,000 rows. One real session is created through the API (the
// template); the other rows are cloned from it with one INSERT ... SELECT straight into the
// daemon's SQLite file while the daemon runs (status 'closed' and made-up tmux names, so the
// reconcile task leaves them alone). Interleaved, over api.sock:
//   typed client    `createApiClient` (undici + httpBatchLink)
//   raw HTTP        node:http GET /sessions.list, keep-alive agent (no client library)
//   raw /health     the same agent: /health is answered before tRPC (plain node:http floor),
//                   /health? goes through tRPC (public, no auth), /sessions.get = auth + 1 row
// and, in this process on the same file, what the daemon does per call: the Prisma findMany
// (same select/order), the bare SQL through better-sqlite3, and JSON.stringify of the result.
// Run: npx tsx bench/sessions-list.ts   (BENCH_ROWS=1000, BENCH_CALLS=300)
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createApiClient } from '@rdv/client';
import { createDb } from '@rdv/db';
import { printRow, summarize } from './lib.ts';
import { onCleanup, rotation, runBench, startDaemon, tempDir, benchSession } from './harness.ts';

const TOTAL_ROWS = Number(process.env.BENCH_ROWS ?? 1000);
const CALLS = Number(process.env.BENCH_CALLS ?? 300);
const SMALL_ROWS = 10;

function rawGet(
  agent: Agent,
  socketPath: string,
  path: string,
  headers: Record<string, string>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method: 'GET', agent, headers }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () =>
        res.statusCode === 200
          ? resolve(bytes)
          : reject(new Error(`${path}: HTTP ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

async function time(fn: () => unknown): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

await runBench(async () => {
  const work = tempDir('rdv-sl-');
  const daemon = await startDaemon();
  const token = daemon.cliToken();
  const headers = { authorization: `Bearer ${token}` };
  const api = createApiClient({
    socketPath: daemon.apiSocket,
    credentials: { kind: 'cli', token },
  });
  onCleanup(() => api.close());
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  onCleanup(() => agent.destroy());

  const template = await api.client.sessions.create.mutate(benchSession(work));
  const dbPath = join(daemon.home, 'sqlite.db');
  const sqlite = new Database(dbPath, { timeout: 5_000 });
  onCleanup(() => {
    sqlite.close();
  });
  const columns = (
    sqlite.prepare('PRAGMA table_info(sessions)').all() as Array<{ name: string }>
  ).map((c) => c.name);
  const expr: Record<string, string> = {
    id: `'bench' || printf('%06d', n)`,
    tmuxName: `'rdv-bench' || printf('%06d', n)`,
    name: `'bench session ' || n`,
    status: `'closed'`,
  };
  const insert = sqlite.prepare(
    `WITH RECURSIVE seq(n) AS (SELECT @from UNION ALL SELECT n + 1 FROM seq WHERE n < @to)
     INSERT INTO sessions (${columns.map((c) => `"${c}"`).join(', ')})
     SELECT ${columns.map((c) => expr[c] ?? `t."${c}"`).join(', ')} FROM seq, sessions t WHERE t.id = @template`,
  );
  const count = () =>
    (sqlite.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;

  // In-process equivalents of the daemon's work, on the same file.
  const prisma = createDb({ dbPath });
  onCleanup(() => prisma.$disconnect());
  const select = Object.fromEntries(
    [
      'id',
      'name',
      'kind',
      'command',
      'cwd',
      'status',
      'tmuxName',
      'folderId',
      'worktreeId',
      'pinned',
      'cols',
      'rows',
      'exitCode',
      'exitedAt',
      'agentStatus',
      'agentStatusAt',
      'lastActivityAt',
      'createdAt',
      'updatedAt',
      'closedAt',
    ].map((k) => [k, true]),
  );
  const me = (await api.client.sessions.get.query({ id: template.id })) as unknown as {
    id: string;
  };
  const userId = (
    sqlite.prepare('SELECT userId FROM sessions WHERE id = ?').get(me.id) as { userId: string }
  ).userId;
  const rawSql = sqlite.prepare(
    `SELECT ${Object.keys(select)
      .map((c) => `"${c}"`)
      .join(', ')} FROM sessions WHERE userId = ? ORDER BY pinned DESC, createdAt ASC`,
  );

  const getPath = `/sessions.get?input=${encodeURIComponent(JSON.stringify({ id: template.id }))}`;

  async function measureAt(rows: number) {
    insert.run({ from: count(), to: rows - 1, template: template.id });
    const n = count();
    const variants: Record<string, () => Promise<unknown>> = {
      'typed client  sessions.list': () => api.client.sessions.list.query(),
      'raw HTTP      GET /sessions.list': () =>
        rawGet(agent, daemon.apiSocket, '/sessions.list', headers),
      'raw HTTP      GET /health (plain node)': () =>
        rawGet(agent, daemon.apiSocket, '/health', {}),
      'raw HTTP      GET /health? (tRPC)': () =>
        rawGet(agent, daemon.apiSocket, '/health?trpc', {}),
      'raw HTTP      GET /sessions.get (auth+1 row)': () =>
        rawGet(agent, daemon.apiSocket, getPath, headers),
      'in-process    prisma findMany': () =>
        prisma.session.findMany({
          where: { userId },
          select,
          orderBy: [{ pinned: 'desc' }, { createdAt: 'asc' }],
        }),
      'in-process    better-sqlite3 SELECT': async () => rawSql.all(userId),
    };
    const names = Object.keys(variants);
    for (let i = 0; i < 30; i++) for (const name of names) await variants[name]!();
    const samples = new Map<string, number[]>(names.map((name) => [name, []]));
    for (let i = 0; i < CALLS; i++) {
      for (const name of rotation(names, i)) samples.get(name)!.push(await time(variants[name]!));
    }
    const result = await prisma.session.findMany({
      where: { userId },
      select,
      orderBy: [{ pinned: 'desc' }, { createdAt: 'asc' }],
    });
    const jsonMs: number[] = [];
    let json = '';
    for (let i = 0; i < 100; i++)
      jsonMs.push(await time(() => (json = JSON.stringify({ result: { data: result } }))));
    const bytes = await rawGet(agent, daemon.apiSocket, '/sessions.list', headers);
    console.log(
      `\n${n} rows (response ${(bytes / 1024).toFixed(0)} KiB), ${CALLS} calls each, interleaved`,
    );
    for (const name of names) printRow(name, summarize(samples.get(name)!));
    printRow(
      `in-process    JSON.stringify (${(json.length / 1024).toFixed(0)} KiB)`,
      summarize(jsonMs),
    );
    return summarize(samples.get(names[0]!)!);
  }

  const small = await measureAt(SMALL_ROWS);
  const big = await measureAt(TOTAL_ROWS);
  console.log(
    `\nrows inserted straight into SQLite (1 real session + clones). typed client per extra row: ${(((big.p50 - small.p50) / (TOTAL_ROWS - SMALL_ROWS)) * 1000).toFixed(1)} µs at p50`,
  );
});
