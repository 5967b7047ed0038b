import type { AppRouter } from '@rdv/api';
import { TRPCClientError, type httpBatchLink, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';

/** What a link needs to reach api.sock: a fetch over the unix socket and the caller's headers. */
export interface CallLinkOptions {
  fetch: NonNullable<Parameters<typeof httpBatchLink>[0]['fetch']>;
  headers: Record<string, string>;
}

const BASE_URL = 'http://localhost';

/** tRPC's answer to one call: its result, or an error in tRPC's error shape. */
type CallAnswer = { result: { data?: unknown } } | { error: { message: string; code: number; data?: unknown } };

/**
 * Queries and mutations on api.sock, each sent at once as a batch of one: the request tRPC's
 * batching link sends for a lone call (`GET /<path>?batch=1&input={"0":…}`, or `POST` with that
 * body), without the `setTimeout` (at least 1 ms in Node) that link waits for each call to
 * gather a batch. An empty `sessions.list` took 5.06 ms p50 batched and 1.80 ms sent at once (500
 * calls each, one daemon). tRPC's single-call link is no way out: it asks whether the input is a
 * `FormData`, and Node 20's `FormData` global loads its built-in undici on first use (20 ms of
 * a `rdv` command); its requests cannot carry an absent input to a mutation whose input is
 * optional (the server parses the empty body); and its `GET /health` is the daemon's plain
 * health route, not tRPC's. Calls made together go side by side on the agent's connections.
 */
export function callLink(opts: CallLinkOptions): TRPCLink<AppRouter> {
  return () =>
    ({ op }) =>
      observable((observer) => {
        const input = JSON.stringify({ 0: op.input });
        const init =
          op.type === 'query'
            ? { method: 'GET', headers: opts.headers, signal: op.signal ?? null }
            : {
                method: 'POST',
                headers: { ...opts.headers, 'content-type': 'application/json' },
                body: input,
                signal: op.signal ?? null,
              };
        const url = `${BASE_URL}/${op.path}?batch=1${op.type === 'query' ? `&input=${encodeURIComponent(input)}` : ''}`;
        opts
          .fetch(url, init)
          .then(async (response) => {
            const answers = (await response.json()) as CallAnswer[] | CallAnswer;
            // A batch is answered with one array; a request refused as a whole, with one error.
            const answer = Array.isArray(answers) ? answers[0] : answers;
            if (!answer || 'error' in answer) {
              const json = answer ?? { error: { message: 'rdv-server sent no answer to the call', code: -32603 } };
              observer.error(TRPCClientError.from(json, { meta: { responseJSON: answers } }));
              return;
            }
            observer.next({ result: { type: 'data', data: answer.result.data } });
            observer.complete();
          })
          .catch((error: unknown) => observer.error(TRPCClientError.from(error as Error)));
        // An unsubscribed call (aborted by the caller) leaves its request to op.signal.
        return () => undefined;
      });
}
