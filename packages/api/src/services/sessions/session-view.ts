import type { Prisma } from '@rdv/db';
import { isAgentName, isAgentSessionId } from '@rdv/agents';

/** What a session looks like to a client. */
export const sessionSelect = {
  id: true,
  name: true,
  kind: true,
  command: true,
  cwd: true,
  status: true,
  tmuxName: true,
  folderId: true,
  worktreeId: true,
  pinned: true,
  cols: true,
  rows: true,
  exitCode: true,
  exitedAt: true,
  agentStatus: true,
  agentStatusAt: true,
  agent: true,
  agentSessionId: true,
  lastActivityAt: true,
  createdAt: true,
  updatedAt: true,
  closedAt: true,
} satisfies Prisma.SessionSelect;

export type SessionRow = Prisma.SessionGetPayload<{ select: typeof sessionSelect }>;

export interface SessionView extends SessionRow {
  /**
   * Restart resumes the agent's own conversation (`claude --resume <id>`, ...): the session has
   * ended (tmux gone, process exited, or closed) and a hook told rdv the agent's conversation id.
   * An `exited` session without an exit code that is resumable is "stopped, resumable".
   */
  resumable: boolean;
}

/** Sessions that Restart can bring back (see SessionService.restart). */
const ENDED = new Set(['exited', 'closed']);

export function isResumable(row: Pick<SessionRow, 'status' | 'agent' | 'agentSessionId'>): boolean {
  return ENDED.has(row.status) && row.agent !== null && isAgentName(row.agent) && row.agentSessionId !== null && isAgentSessionId(row.agentSessionId);
}

export function toSessionView(row: SessionRow): SessionView {
  return { ...row, resumable: isResumable(row) };
}
