// The query-plan cache on a real SQLite file: a repeated read is compiled once and still reads
// the current data; writes are compiled every time and still generate fresh ids and times; the
// cache forgets the least recently used plan past its size; a kept plan is frozen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error Prisma ships its query compiler's wasm-bindgen glue without types.
import { QueryCompiler } from '@prisma/client/runtime/query_compiler_bg.sqlite.mjs';
import type { PrismaClient } from './generated/client.ts';
import { QUERY_PLAN_CACHE_SIZE } from './query-plan-cache.ts';
import { createTempDatabase, type TempDatabase } from './temp-database.ts';

/** Every request the real compiler compiled (the cache wraps this counter, so only misses). */
const compiled: string[] = [];
const plans: unknown[] = [];
const compilerPrototype = (QueryCompiler as { prototype: { compile: (this: unknown, request: string) => unknown } }).prototype;
const realCompile = compilerPrototype.compile;
compilerPrototype.compile = function counted(request: string) {
  compiled.push(request);
  const plan = realCompile.call(this, request);
  plans.push(plan);
  return plan;
};

let temp: TempDatabase;
let db: PrismaClient;

beforeAll(() => {
  temp = createTempDatabase('rdv-db-plans-');
  db = temp.db;
});

afterAll(async () => {
  await temp.remove();
  compilerPrototype.compile = realCompile;
});

const compilesDuring = async (work: () => Promise<unknown>) => {
  const before = compiled.length;
  await work();
  return compiled.slice(before);
};

describe('query plan cache', () => {
  it('compiles a repeated read once, and the read still sees the current rows', async () => {
    const user = await db.user.create({ data: { username: 'alice' } });
    const list = () => db.user.findMany({ where: { username: { startsWith: 'a' } }, orderBy: { username: 'asc' } });
    expect(await compilesDuring(list)).toHaveLength(1);
    expect(await compilesDuring(list)).toHaveLength(0);
    await db.user.create({ data: { username: 'anna' } });
    let rows: { username: string }[] = [];
    expect(await compilesDuring(async () => (rows = await list()))).toHaveLength(0);
    expect(rows.map((row) => row.username)).toEqual(['alice', 'anna']);
    await db.user.update({ where: { id: user.id }, data: { displayName: 'Alice' } });
    const again = await db.user.findMany({ where: { username: { startsWith: 'a' } }, orderBy: { username: 'asc' } });
    expect(again[0]).toMatchObject({ username: 'alice', displayName: 'Alice' });
    // A raw read is a read too.
    const raw = () => db.$queryRaw`SELECT COUNT(*) AS n FROM users WHERE username >= ${'a'}`;
    expect(await compilesDuring(raw)).toHaveLength(1);
    expect(await compilesDuring(raw)).toHaveLength(0);
  });

  it('compiles every write, which generates fresh ids and times each run', async () => {
    const made: { id: string; updatedAt: Date }[] = [];
    const requests = await compilesDuring(async () => {
      for (let i = 0; i < 3; i++) made.push(await db.user.create({ data: { username: `w${i}` } }));
    });
    expect(requests).toHaveLength(3);
    expect(new Set(made.map((user) => user.id)).size).toBe(3);
    const first = made[0]!;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const touched = await db.user.update({ where: { id: first.id }, data: { displayName: 'x' } });
    expect(touched.updatedAt.getTime()).toBeGreaterThan(first.updatedAt.getTime());
  });

  it('keeps frozen plans, and forgets the least recently used past its size', async () => {
    const byName = (username: string) => db.user.findUnique({ where: { username } });
    const [request] = await compilesDuring(() => byName('lru-0'));
    expect(request).toBeDefined();
    expect(Object.isFrozen(plans.at(-1))).toBe(true);
    for (let i = 1; i <= QUERY_PLAN_CACHE_SIZE; i++) await byName(`lru-${i}`);
    // lru-0 was the least recently used of more than the cache holds: compiled again.
    expect(await compilesDuring(() => byName('lru-0'))).toEqual([request]);
    // The most recent ones are still kept.
    expect(await compilesDuring(() => byName(`lru-${QUERY_PLAN_CACHE_SIZE}`))).toEqual([]);
  });
});
