import { initTRPC, TRPCError } from '@trpc/server';
import { z, ZodError } from 'zod';
import type { Caller } from './auth/caller.ts';
import type { Context } from './context.ts';
import { SERVICE_TOKEN_HEADER, USER_ID_HEADER } from './services/auth-service.ts';
import { databaseBusyError, isDatabaseBusy } from './services/database-busy.ts';
import { holdDuringStream } from './services/security/access-guard.ts';
import { auditCall } from './services/security/audit-call.ts';
import { policyOf } from './services/security/procedure-policy.ts';
import { RateLimitedError } from './services/security/rate-limited-error.ts';
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

/** Health alone is public: a supervisor must be able to ask without a token. */
export const publicProcedure = t.procedure;

/**
 * A database another process kept locked past the busy timeout is a clear, retryable
 * SERVICE_UNAVAILABLE, not an INTERNAL_SERVER_ERROR.
 */
const databaseBusy = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isDatabaseBusy(result.error.cause)) throw databaseBusyError(result.error.cause);
  return result;
});
const withDatabase = t.procedure.use(databaseBusy);

/**
 * Authentication, then admission: the caller's budget for this kind of call, a subscription slot
 * for streams (held until the stream ends), and an audit row for sensitive operations. All of it
 * runs before the input is parsed, so invalid input spends budget like any other call.
 */
const authenticated = t.middleware(async ({ ctx, next, path, type, signal, getRawInput }) => {
  const caller = await ctx.guard.authenticate(ctx.req);
  ctx.guard.admit(caller, path);
  assertWellFormedInput(await getRawInput());
  if (type === 'subscription') {
    const lease = ctx.guard.openSubscription(caller);
    const result = await next({ ctx: { caller } });
    if (!result.ok || !isAsyncIterable(result.data)) {
      lease.release();
      return result;
    }
    return { ...result, data: holdDuringStream(result.data, lease, signal) };
  }
  const result = await next({ ctx: { caller } });
  // A call refused for a locked database changed nothing, and its audit row could not be written.
  const busy = !result.ok && isDatabaseBusy(result.error.cause);
  if (policyOf(path).audit && !busy) await auditCall(ctx.audit, caller, path, getRawInput, result);
  return result;
});

/** Every procedure but health: the caller's identity reaches the procedure as `ctx.caller`. */
export const protectedProcedure = withDatabase.use(authenticated);

/** The budget key of the web app itself, when it calls with the service token and no user. */
const WEB_APP: Caller = { tokenKind: 'service', tokenId: 'service', userId: '(web app)' };

const serviceOnly = t.middleware(async ({ ctx, next, path, getRawInput }) => {
  if (!ctx.guard.checkService(ctx.req)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'only the web app (service token) may call this' });
  }
  ctx.guard.admit(WEB_APP, path);
  assertWellFormedInput(await getRawInput());
  return next();
});

/** Procedures only the web app may call, with the service token and no user (`users.ensure`). */
export const serviceProcedure = withDatabase.use(serviceOnly);

const serverAdmin = t.middleware(async ({ ctx, next, path, getRawInput }) => {
  const serviceToken = ctx.req.headers[SERVICE_TOKEN_HEADER];
  if (typeof serviceToken === 'string' && !ctx.req.headers[USER_ID_HEADER]) {
    if (!ctx.guard.checkService(ctx.req)) {
      throw new TRPCError({ code: 'UNAUTHORIZED', message: 'missing, invalid, expired or revoked token' });
    }
    ctx.guard.admit(WEB_APP, path);
    assertWellFormedInput(await getRawInput());
    const tokenId = ctx.auth.matchServiceToken(serviceToken)?.id ?? WEB_APP.tokenId;
    return next({ ctx: { admin: { tokenKind: 'service' as const, tokenId, userId: null } } });
  }
  const caller = await ctx.guard.authenticate(ctx.req);
  if (caller.tokenKind !== 'service' && !ctx.rotation.isLocalUser(caller.userId)) {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: 'only the web app or the local user (the CLI token in RDV_HOME) may manage the server',
    });
  }
  ctx.guard.admit(caller, path);
  assertWellFormedInput(await getRawInput());
  return next({ ctx: { admin: caller } });
});

/**
 * Procedures that manage the daemon itself (`server.rotateServiceToken`): the web app (service
 * token, with or without a user) or the local user's CLI token, nobody else. `ctx.admin` says who.
 */
export const serverAdminProcedure = withDatabase.use(serverAdmin);

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
