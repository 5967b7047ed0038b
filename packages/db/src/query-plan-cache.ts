// @ts-expect-error Prisma ships its query compiler's wasm-bindgen glue without types.
import { QueryCompiler as UntypedQueryCompiler } from '@prisma/client/runtime/query_compiler_bg.sqlite.mjs';

/** The part of the compiler's class used here. */
interface QueryCompiler {
  compile: (this: QueryCompiler, request: string) => unknown;
}
const QueryCompilerClass = UntypedQueryCompiler as { prototype: QueryCompiler };

/** Query plans a compiler keeps: a few dozen distinct reads recur (tokens, lists, lookups). */
export const QUERY_PLAN_CACHE_SIZE = 64;

/**
 * Reads, whose plans depend on nothing but the request (Prisma's JSON protocol sends a `count`
 * as `aggregate`). Writes are left alone: their requests hold fresh ids and times, so they would
 * never be asked for twice.
 */
const READ_REQUEST = /^\{"modelName":"\w+","action":"(?:findUnique|findUniqueOrThrow|findFirst|findFirstOrThrow|findMany|aggregate|groupBy)"|^\{"action":"queryRaw"/;

const caches = new WeakMap<QueryCompiler, Map<string, unknown>>();
let installed = false;

/**
 * Makes Prisma's query compiler remember the plans of recent reads. Prisma 6 compiles every
 * request from scratch in its WebAssembly compiler, which the daemon runs in V8's baseline tier
 * (`--liftoff-only`, see apps/daemon/src/v8-flags.ts): 0.6-1.6 ms per query, paid again by every
 * repeated `sessions.list` page, token lookup and session lookup. A plan is a pure function of
 * the request text and the compiler (schema, provider), so one compiler's plans are kept by
 * request text, least recently used first out. Values the plan leaves to run time (generated
 * ids, `now()`) are evaluated by Prisma's interpreter on every run. The plans are frozen: Prisma's
 * interpreter only reads them, and a version that wrote to one would throw (its runtime is
 * strict-mode code) rather than share a changed plan.
 */
export function installQueryPlanCache(): void {
  if (installed) return;
  installed = true;
  const compile = QueryCompilerClass.prototype.compile;
  QueryCompilerClass.prototype.compile = function compileCached(this: QueryCompiler, request: string): unknown {
    if (!READ_REQUEST.test(request)) return compile.call(this, request);
    let cache = caches.get(this);
    if (!cache) caches.set(this, (cache = new Map<string, unknown>()));
    const hit = cache.get(request);
    if (hit !== undefined) {
      // Most recently used: to the end of the Map's order.
      cache.delete(request);
      cache.set(request, hit);
      return hit;
    }
    const plan = deepFreeze(compile.call(this, request));
    cache.set(request, plan);
    if (cache.size > QUERY_PLAN_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    return plan;
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
