import { isClientError } from '@rdv/contract';
import { type TRPCError } from '@trpc/server';
import type { Caller } from '../../auth/caller.ts';
import type { AuditOutcome, AuditService } from './audit-service.ts';

/** What a target id may look like; anything else from the raw input is not written down. */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const TARGET_KINDS: Record<string, string> = {
  sessions: 'session',
  worktrees: 'worktree',
  trash: 'trash',
  tokens: 'token',
  shares: 'share',
  orchestrators: 'orchestrator',
};

type CallResult = { ok: true; data: unknown } | { ok: false; error: TRPCError };

/**
 * Writes the audit row of a sensitive call once it has run: who (token id and kind), what (the
 * path), on what (`session:<id>`, from the result or the input), and how it ended. Inputs are
 * not copied: they may hold commands and paths; the error code and message are enough.
 */
export async function auditCall(
  audit: AuditService,
  caller: Caller,
  path: string,
  getRawInput: () => Promise<unknown>,
  result: CallResult,
): Promise<void> {
  const raw = await getRawInput().catch(() => undefined);
  // A client error is "refused" (nothing happened), anything else "failure" (something broke).
  const outcome: AuditOutcome = result.ok ? 'success' : isClientError(result.error.code) ? 'refused' : 'failure';
  await audit.record({
    userId: caller.userId,
    tokenId: caller.tokenId,
    tokenKind: caller.tokenKind,
    action: path,
    target: targetOf(path, raw, result.ok ? result.data : undefined),
    outcome,
    detail: result.ok ? {} : { code: result.error.code, message: result.error.message.slice(0, 300) },
  });
}

function targetOf(path: string, raw: unknown, data: unknown): string | null {
  const kind = TARGET_KINDS[path.split('.')[0] ?? ''];
  const id = stringField(raw, 'id') ?? stringField(data, 'id');
  if (kind && id) return `${kind}:${id}`;
  const worktreeId = stringField(raw, 'worktreeId');
  if (worktreeId) return `worktree:${worktreeId}`;
  const sessionId = stringField(raw, 'sessionId');
  return sessionId ? `session:${sessionId}` : null;
}

function stringField(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' && ID_PATTERN.test(field) ? field : undefined;
}
