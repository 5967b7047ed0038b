// Which tRPC error codes are the caller's doing. The daemon's log (quiet for these) and the audit
// log ("refused", nothing happened, rather than "failed") both ask; two lists had drifted apart.

/**
 * The tRPC codes of a call refused because of the caller (HTTP 4xx): bad input, no or wrong
 * token, a missing id, a conflict, too many calls, a closed request. Anything else is a fault.
 */
export const CLIENT_ERROR_CODES: ReadonlySet<string> = new Set([
  'BAD_REQUEST',
  'PARSE_ERROR',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_SUPPORTED',
  'CONFLICT',
  'PRECONDITION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'UNPROCESSABLE_CONTENT',
  'TOO_MANY_REQUESTS',
  'CLIENT_CLOSED_REQUEST',
]);

/** True when `code` means the caller was refused, not that the server failed. */
export function isClientError(code: string): boolean {
  return CLIENT_ERROR_CODES.has(code);
}
