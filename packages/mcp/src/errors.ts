// Error messages for MCP clients: a tRPC error code and message, zod field errors spelled out,
// and "the daemon is not running" instead of a socket error. Works on TRPCError (a caller) and
// TRPCClientError (the client over api.sock, or linked in process) without importing either.

/** Error codes whose message is internal detail, not advice for the client. */
const INTERNAL_CODES = new Set(['INTERNAL_SERVER_ERROR']);
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE']);

/** A one-paragraph message for an error from an RdvOps call. */
export function describeError(error: unknown): string {
  if (isUnreachable(error)) {
    return 'rdv-server is not reachable (is it running? start it with `rdv-server` or `npm start`)';
  }
  const code = trpcCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code !== undefined && INTERNAL_CODES.has(code))
    return `${code}: internal error in rdv-server (see its log)`;
  const fields = zodFieldErrors(error);
  const detail = fields ?? message;
  return code === undefined ? detail : `${code}: ${detail}`;
}

function trpcCode(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const direct = (error as { code?: unknown }).code;
  if (typeof direct === 'string' && /^[A-Z_]+$/.test(direct)) return direct;
  const data = (error as { data?: { code?: unknown } }).data;
  return typeof data?.code === 'string' ? data.code : undefined;
}

/** `name: must be ...; cwd: must be an absolute path` from zod issues (caller) or the flattened error (client). */
function zodFieldErrors(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const issues = zodIssues(error);
  if (issues) {
    return issues
      .map((issue) => `${(issue.path ?? []).join('.') || 'input'}: ${issue.message ?? 'invalid'}`)
      .join('; ');
  }
  const flattened = (
    error as {
      data?: {
        zodError?: { formErrors?: string[]; fieldErrors?: Record<string, string[]> } | null;
      };
    }
  ).data?.zodError;
  if (!flattened) return undefined;
  const parts = [
    ...(flattened.formErrors ?? []),
    ...Object.entries(flattened.fieldErrors ?? {}).map(
      ([field, messages]) => `${field}: ${messages.join(', ')}`,
    ),
  ];
  return parts.length ? parts.join('; ') : undefined;
}

/** Zod's issues from the error's causes: the TRPCError's (caller) or its cause's (in-process client). */
function zodIssues(error: object): Array<{ path?: unknown[]; message?: string }> | undefined {
  let current = (error as { cause?: unknown }).cause;
  for (let depth = 0; current && typeof current === 'object' && depth < 2; depth += 1) {
    const issues = (current as { issues?: unknown }).issues;
    if (Array.isArray(issues)) return issues as Array<{ path?: unknown[]; message?: string }>;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function isUnreachable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 6; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && UNREACHABLE.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
