// Every procedure of the router, enumerated at runtime, and a way to call any of them by path:
// for the security suites, so that a new procedure cannot escape them.
import { appRouter, type AppRouter } from '@rdv/api';
import { getUntypedClient, TRPCClientError, type TRPCClient } from '@trpc/client';

export type ProcedureType = 'query' | 'mutation' | 'subscription';

export interface ProcedureInfo {
  path: string;
  type: ProcedureType;
}

/** Every procedure in `appRouter`, from the router itself (not from a list kept by hand). */
export function allProcedures(): ProcedureInfo[] {
  return Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: ProcedureType } }>).map(
    ([path, procedure]) => ({ path, type: procedure._def.type }),
  );
}

export interface CallOutcome {
  /** "OK" or the tRPC error code. */
  code: string;
  /** Everything the caller got back: data, or the error message and data. */
  text: string;
  /** For subscriptions: the events received before the listening time ran out. */
  events?: unknown[];
  /** Retry-after of a TOO_MANY_REQUESTS. */
  retryAfterSeconds?: number;
}

/**
 * Calls `path` with `input`: queries and mutations through `http` (HTTP batch link), subscriptions
 * through `ws` (WebSocket), listening `listenMs` for an error or events before unsubscribing.
 */
export async function callProcedure(
  clients: { http: TRPCClient<AppRouter>; ws: TRPCClient<AppRouter> },
  procedure: ProcedureInfo,
  input: unknown,
  listenMs = 300,
): Promise<CallOutcome> {
  if (procedure.type === 'subscription') return subscribeBriefly(clients.ws, procedure.path, input, listenMs);
  const client = getUntypedClient(clients.http);
  try {
    const data =
      procedure.type === 'query' ? await client.query(procedure.path, input) : await client.mutation(procedure.path, input);
    return { code: 'OK', text: JSON.stringify(data) ?? '' };
  } catch (error) {
    return outcomeOf(error);
  }
}

function subscribeBriefly(ws: TRPCClient<AppRouter>, path: string, input: unknown, listenMs: number): Promise<CallOutcome> {
  const events: unknown[] = [];
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: CallOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      subscription.unsubscribe();
      resolve({ ...outcome, events });
    };
    const subscription = getUntypedClient(ws).subscription(path, input, {
      onData: (value: unknown) => events.push(value),
      onError: (error: unknown) => finish(outcomeOf(error)),
      onComplete: () => finish({ code: 'OK', text: JSON.stringify(events) }),
    });
    const timer = setTimeout(() => finish({ code: 'OK', text: JSON.stringify(events) }), listenMs);
  });
}

export function outcomeOf(error: unknown): CallOutcome {
  if (error instanceof TRPCClientError) {
    const data = (error.data ?? {}) as { code?: string; retryAfterSeconds?: number };
    return {
      code: data.code ?? 'UNKNOWN',
      text: JSON.stringify({ message: error.message, data: error.data }),
      retryAfterSeconds: data.retryAfterSeconds,
    };
  }
  return { code: `THROWN:${(error as Error).name}`, text: String(error) };
}
