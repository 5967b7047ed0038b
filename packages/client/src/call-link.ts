import type { AppRouter } from '@rdv/api';
import { httpBatchLink, splitLink, TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';

/** What a link needs to reach api.sock: a fetch over the unix socket and the caller's headers. */
export interface CallLinkOptions {
  fetch: NonNullable<Parameters<typeof httpBatchLink>[0]['fetch']>;
  headers: Record<string, string>;
}

const BASE_URL = 'http://localhost';

/**
 * Queries and mutations on api.sock, each sent at once as its own HTTP request (tRPC's protocol
 * for one call: `GET /<path>?input=<json>`, `POST /<path>` with a JSON body). tRPC's own links
 * each cost something here: the batching link holds every call for a `setTimeout` (at least
 * 1 ms in Node) to gather a batch, and the single-call link asks whether the input is a
 * `FormData`, and Node 20's `FormData` global loads its built-in undici on first use, 20 ms of
 * a `rdv` command. An empty `sessions.list` took 5.06 ms p50 batched and 1.80 ms this way (500
 * calls each, one daemon). Calls made together go side by side on the agent's connections.
 *
 * `health` stays batched: its single-call URL, `GET /health`, is the daemon's plain health route
 * for supervisors, which answers without tRPC's envelope; `GET /health?batch=1` is tRPC's.
 */
export function callLink(opts: CallLinkOptions): TRPCLink<AppRouter> {
  return splitLink({
    condition: (op) => op.path === 'health',
    true: httpBatchLink({ url: BASE_URL, fetch: opts.fetch, headers: () => opts.headers }),
    false: singleCallLink(opts),
  });
}

/** tRPC's answer to one call: its result, or an error in tRPC's error shape. */
type CallAnswer = { result: { data?: unknown } } | { error: { message: string; code: number; data?: unknown } };

function singleCallLink(opts: CallLinkOptions): TRPCLink<AppRouter> {
  return () =>
    ({ op }) =>
      observable((observer) => {
        const query = op.type === 'query';
        const input = op.input === undefined ? undefined : JSON.stringify(op.input);
        const url = `${BASE_URL}/${op.path}${query && input !== undefined ? `?input=${encodeURIComponent(input)}` : ''}`;
        const init = query
          ? { method: 'GET', headers: opts.headers, signal: op.signal ?? null }
          : {
              method: 'POST',
              headers: { ...opts.headers, 'content-type': 'application/json' },
              signal: op.signal ?? null,
              ...(input === undefined ? {} : { body: input }),
            };
        opts
          .fetch(url, init)
          .then(async (response) => {
            const json = (await response.json()) as CallAnswer;
            if ('error' in json) {
              observer.error(TRPCClientError.from(json, { meta: { responseJSON: json } }));
              return;
            }
            observer.next({ result: { type: 'data', data: json.result.data } });
            observer.complete();
          })
          .catch((error: unknown) => observer.error(TRPCClientError.from(error as Error)));
        // An unsubscribed call (aborted by the caller) leaves its request to op.signal.
        return () => undefined;
      });
}
