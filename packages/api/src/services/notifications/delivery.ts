// One HTTP request to a notification target, with failures described without the target's URL
// (webhook URLs and push endpoints are credentials; error messages end up in logs and the UI).

/** How long one delivery may take. @default 10 s */
export const DELIVERY_TIMEOUT_MS = 10_000;

/** A delivery that failed; `message` is safe to log and show (no URL, no token). */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    message: string,
    /** The HTTP status, when the target answered. */
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** POSTs and expects a 2xx; the response body is read (and dropped) so the socket is freed. */
export async function post(
  fetchImpl: FetchLike,
  url: string,
  init: { headers: Record<string, string>; body: string | Uint8Array<ArrayBuffer> },
  timeoutMs = DELIVERY_TIMEOUT_MS,
): Promise<number> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: init.headers,
      body: init.body,
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new DeliveryError(describeFetchFailure(error));
  }
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new DeliveryError(`HTTP ${response.status}`, response.status);
  return response.status;
}

/** `timed out`, `could not connect (ECONNREFUSED)`: the kind of failure, never the address. */
export function describeFetchFailure(error: unknown): string {
  const err = error as { name?: string; cause?: { code?: unknown; name?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timed out';
  const code = err.cause?.code;
  if (typeof code === 'string' && /^[A-Z0-9_]+$/.test(code)) return `could not connect (${code})`;
  return 'could not connect';
}

/** A URL as Settings shows it: the host only (`ntfy.sh/…`), since the rest may be the secret. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname.length > 1 || parsed.search ? '/…' : ''}`;
  } catch {
    return '(invalid URL)';
  }
}
