import { Agent, request, type RequestOptions } from 'node:http';

/** The part of `fetch` that tRPC's HTTP links use. */
export interface UnixFetchInit {
  method?: string;
  body?: unknown;
  headers?: unknown;
  signal?: AbortSignal | null;
}

export interface UnixFetchResponse {
  readonly ok: boolean;
  readonly status: number;
  json(): Promise<unknown>;
}

/**
 * A minimal `fetch` over a unix socket with node:http, for tRPC's HTTP links
 * (`@rdv/client/unix-fetch`). The CLI uses it instead of undici, whose import alone costs more
 * than a whole `rdv session list` should take.
 */
export function createUnixFetch(socketPath: string): {
  fetch: (input: string | URL | Request, init?: UnixFetchInit) => Promise<UnixFetchResponse>;
  close: () => void;
} {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const fetch = (input: string | URL | Request, init: UnixFetchInit = {}) =>
    new Promise<UnixFetchResponse>((resolve, reject) => {
      const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
      const headers = toHeaderRecord(init.headers);
      const body = typeof init.body === 'string' ? init.body : undefined;
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const req = request(
        {
          socketPath,
          agent,
          method: init.method ?? 'GET',
          path: `${url.pathname}${url.search}`,
          headers,
          // A TLS option, here only so the agent does not work one out: it tests the Host
          // header with isIP(), whose first call compiles Node's IPv6 pattern (4-6 ms of every
          // `rdv` command that calls the daemon). A unix socket has no server name.
          servername: '',
        } as RequestOptions & { servername: string },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            resolve({
              ok: status >= 200 && status < 300,
              status,
              json: async () => JSON.parse(text) as unknown,
            });
          });
        },
      );
      const signal = init.signal;
      if (signal) {
        if (signal.aborted) req.destroy(new Error('aborted'));
        else
          signal.addEventListener('abort', () => req.destroy(new Error('aborted')), { once: true });
      }
      req.on('error', reject);
      req.end(body);
    });
  return { fetch, close: () => agent.destroy() };
}

/** tRPC passes a plain record; arrays of pairs and `Headers` are accepted too. */
function toHeaderRecord(headers: unknown): Record<string, string> {
  const record: Record<string, string> = {};
  if (!headers) return record;
  if (Array.isArray(headers)) {
    for (const [key, value] of headers as Array<[string, string]>) record[key] = value;
  } else if (typeof (headers as Headers).forEach === 'function') {
    (headers as Headers).forEach((value, key) => (record[key] = value));
  } else {
    for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
      if (typeof value === 'string') record[key] = value;
    }
  }
  return record;
}
