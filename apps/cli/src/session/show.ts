import { homedir } from 'node:os';
import type { Session } from '../api/types.ts';
import { ago, tildify, toDate } from '../format/values.ts';
import { statusLabel } from './list.ts';

/** The fields `rdv session get` shows, in order. */
export function sessionFields(session: Session, folderName?: string): Array<[string, string]> {
  const when = (value: Session['createdAt'] | null) => {
    const date = toDate(value);
    return date ? `${date.toISOString()} (${ago(date)})` : '-';
  };
  const fields: Array<[string, string]> = [
    ['id', session.id],
    ['name', session.name],
    ['kind', session.kind],
    ['status', statusLabel(session)],
    ['folder', folderName ?? session.folderId ?? '-'],
    ['cwd', tildify(session.cwd, homedir())],
    ['size', `${session.cols}x${session.rows}`],
    ['tmux', session.tmuxName],
    ['created', when(session.createdAt)],
    ['activity', when(session.lastActivityAt)],
  ];
  if (session.command) fields.splice(3, 0, ['command', session.command]);
  if (session.agent) fields.push(['agent', session.agent]);
  if (session.agentSessionId) fields.push(['conversation', session.agentSessionId]);
  if (session.worktreeId) fields.push(['worktree', session.worktreeId]);
  if (session.pinned) fields.push(['pinned', 'yes']);
  if (session.closedAt) fields.push(['closed', when(session.closedAt)]);
  if (session.exitCode !== null) fields.push(['exit code', String(session.exitCode)]);
  return fields;
}
