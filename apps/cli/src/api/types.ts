// Shapes of API results, from the router's types (type-only: the CLI never loads @rdv/api).
import type { RouterOutputs } from '@rdv/api';

export type Session = RouterOutputs['sessions']['get'];
export type Folder = RouterOutputs['folders']['get'];
export type FolderContext = RouterOutputs['folders']['context'];
export type Token = RouterOutputs['tokens']['list'][number];
export type ShareLink = RouterOutputs['shares']['list'][number];
export type WorktreeRecord = RouterOutputs['worktrees']['records'][number];
export type WorktreeEntry = RouterOutputs['worktrees']['list'][number];
export type WorktreeStatus = RouterOutputs['worktrees']['status'];
export type WorktreeDiff = RouterOutputs['worktrees']['diff'];
export type WorktreeDiffFile = WorktreeDiff['files'][number];
export type TrashItem = RouterOutputs['trash']['list'][number];
export type Health = RouterOutputs['health'];
export type ResolvedPreferences = RouterOutputs['preferences']['resolve'];
export type StoredPreferences = RouterOutputs['preferences']['get'];
export type Orchestrator = RouterOutputs['orchestrators']['list'][number];
export type OrchestratorDetail = RouterOutputs['orchestrators']['get'];
export type InsightList = RouterOutputs['orchestrators']['insights']['list'];
export type Insight = InsightList['items'][number];
export type AuditPage = RouterOutputs['audit']['list'];
export type AuditEntry = AuditPage['items'][number];
export type RotationReport = RouterOutputs['server']['rotateServiceToken'];

/** Statuses of a session whose tmux session still exists. */
export const LIVE_SESSION_STATUSES = ['active', 'suspended'] as const;

export function isLive(session: Pick<Session, 'status'>): boolean {
  return (LIVE_SESSION_STATUSES as readonly string[]).includes(session.status);
}
export type SearchPage = RouterOutputs['search']['query'];
export type SearchMatch = SearchPage['matches'][number];
export type HostSummary = RouterOutputs['hosts']['list'][number];
