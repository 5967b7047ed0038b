import { initTRPC, TRPCError, type TRPCProcedureType as ProcedureType } from '@trpc/server';
import { SHARE_VIEWER_HEADER } from '@rdv/contract';
import { z, ZodError } from 'zod';
import type { Caller } from './auth/caller.ts';
import type { Context } from './context.ts';
import { toTRPCError, toTRPCErrorOrSelf } from './error-codes.ts';
import { isDatabaseBusy } from './services/database-busy.ts';
import { holdDuringStream } from './services/security/access-guard.ts';
import { auditCall } from './services/security/audit-call.ts';
import { policyOf } from './services/security/procedure-policy.ts';
import { RateLimitedError } from './services/security/rate-limited-error.ts';
import { webAppMayCallOverSocket } from './services/security/web-socket-reach.ts';
import { assertWellFormedInput } from './services/security/well-formed.ts';

const t = initTRPC.context<Context>().create({
  // Never send stack traces (file paths, internals) to clients; the daemon logs errors itself.
  isDev: false,
  errorFormatter({ shape, error }) {
    return {
      ...shape,
      data: {
        ...shape.data,
        // Zod's flattened error tells a client which field is wrong and why.
        zodError: error.cause instanceof ZodError ? z.flattenError(error.cause) : null,
        // TOO_MANY_REQUESTS says when to try again (also in the message and, over HTTP, Retry-After).
        ...(error.cause instanceof RateLimitedError ? { retryAfterSeconds: error.cause.retryAfterSeconds } : {}),
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * A share link's viewer (the web server marks its connection) may watch its one session and do
 * nothing else: every other procedure, health included, refuses such a connection at once.
 */
const notForShareViewers = t.middleware(({ ctx, next, path }) => {
  refuseShareViewers(ctx, path);
  return next();
});

function refuseShareViewers(ctx: Context, path: string): void {
  if (ctx.req.headers[SHARE_VIEWER_HEADER] !== undefined) {
    throw new TRPCError({ code: 'FORBIDDEN', message: `${path} is not open to share link viewers` });
  }
}

/** Health alone is public: a supervisor must be able to ask without a token. */
export const publicProcedure = t.procedure.use(notForShareViewers);

/**
 * Services throw domain errors (NotFoundError, ...), and a database locked past the busy timeout
 * or a git failure no service translated may escape them: this turns each into its TRPCError
 * code, with the same function (error-codes.ts) everywhere. It sits outside authentication (whose
 * refusals are domain errors too) and again inside it, so the audit row records the final code.
 */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  const mapped = result.ok ? undefined : toTRPCError(result.error.cause);
  if (mapped) throw mapped;
  return result;
});
const withDatabase = t.procedure.use(domainErrors);

/**
 * `shares.watch` alone: no token, the link's secret (in the input) is the credential, checked
 * by the procedure with the failed-authentication backoff.
 */
export const shareViewerProcedure = withDatabase.use(async ({ next }) => {
  const result = await next();
  // Errors thrown while the stream runs (a refused secret) never pass a middleware: map them.
  return result.ok && isAsyncIterable(result.data) ? { ...result, data: mapStreamErrors(result.data) } : result;
});

/**
 * The checks every authenticated call passes before its input is parsed, in order: not a share
 * viewer, a valid token, the dashboard's WebSocket reach, the caller's budget for this kind of
 * call, well-formed input. So invalid input spends budget like any other call. The middleware
 * below runs it for every procedure; a terminal channel (`router/terminal-input.ts`) runs it for
 * each keystroke it takes without the tRPC caller.
 */
export async function admitCall(ctx: Context, type: ProcedureType, path: string, rawInput: unknown): Promise<Caller> {
  refuseShareViewers(ctx, path);
  const caller = await ctx.guard.authenticate(ctx.req);
  if (caller.tokenKind === 'service' && ctx.req.transport === 'ws' && !webAppMayCallOverSocket(type, path)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: `${path} is not for the dashboard's WebSocket` });
  }
  ctx.guard.admit(caller, path);
  assertWellFormedInput(rawInput);
  return caller;
}

/**
 * Authentication, then admission (`admitCall`), a subscription slot for streams (held until the
 * stream ends), and an audit row for sensitive operations.
 */
const authenticated = t.middleware(async ({ ctx, next, path, type, signal, getRawInput }) => {
  const caller = await admitCall(ctx, type, path, await getRawInput());
  if (type === 'subscription') {
    const lease = ctx.guard.openSubscription(caller);
    const result = await next({ ctx: { caller } });
    if (!result.ok || !isAsyncIterable(result.data)) {
      lease.release();
      return result;
    }
    // Errors thrown while the stream runs never pass a middleware: map them as they leave.
    return { ...result, data: holdDuringStream(mapStreamErrors(result.data), lease, signal) };
  }
  const result = await next({ ctx: { caller } });
  // A call refused for a locked database changed nothing, and its audit row could not be written.
  const busy = !result.ok && isDatabaseBusy(result.error.cause);
  if (policyOf(path).audit && !busy) await auditCall(ctx.audit, caller, path, getRawInput, result);
  return result;
});

/**
 * Every procedure but health: the caller (always the daemon's owner, on the web app or a CLI
 * token) reaches the procedure as `ctx.caller`, with which credential it came.
 */
export const protectedProcedure = withDatabase.use(notForShareViewers).use(authenticated).use(domainErrors);

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** A stream's refusals (a session that ended, one not found) as TRPCErrors, like a call's. */
async function* mapStreamErrors<T>(stream: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* stream;
  } catch (error) {
    throw toTRPCErrorOrSelf(error);
  }
}
