import type { Prisma } from '@rdv/db';

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
  lastActivityAt: true,
  createdAt: true,
  updatedAt: true,
  closedAt: true,
} satisfies Prisma.SessionSelect;

export type SessionView = Prisma.SessionGetPayload<{ select: typeof sessionSelect }>;
