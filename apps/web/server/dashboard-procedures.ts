/**
 * The queries and mutations the dashboard sends over HTTP, and the only ones the tRPC proxy
 * forwards: the browser needs no token or user management, so a page that gets hold of the
 * proxy cannot reach them. Subscriptions and terminal input go over the WebSocket instead.
 * dashboard-procedures.test.ts checks this list against the dashboard's code, both ways.
 */
export const DASHBOARD_PROCEDURES: ReadonlySet<string> = new Set([
  'me.get',
  'folders.list',
  'folders.create',
  'folders.update',
  'folders.delete',
  'preferences.get',
  'preferences.resolve',
  'preferences.set',
  'sessions.list',
  'sessions.create',
  'sessions.update',
  'sessions.close',
  'sessions.suspend',
  'sessions.resume',
  'sessions.restart',
  'sessions.scrollback',
  'sessions.prompt',
  'sessions.answer',
  'hooks.installed',
  'worktrees.list',
  'worktrees.records',
  'worktrees.status',
  'worktrees.create',
  'worktrees.remove',
  'worktrees.diff',
  'worktrees.stage',
  'worktrees.unstage',
  'worktrees.commit',
  'worktrees.push',
  'worktrees.pullRequest',
  'worktrees.sendComments',
  'trash.list',
  'trash.retention',
  'trash.restore',
  'trash.purge',
  'orchestrators.list',
  'orchestrators.create',
  'orchestrators.update',
  'orchestrators.delete',
  'orchestrators.insights.resolve',
  'recordings.list',
  'recordings.get',
  'recordings.set',
  'files.limits',
  'search.query',
  'shares.list',
  'shares.create',
  'shares.revoke',
  'notifications.get',
  'notifications.subscribe',
  'notifications.unsubscribe',
  'notifications.addChannel',
  'notifications.removeChannel',
  'notifications.test',
  'hosts.list',
  'hosts.add',
  'hosts.test',
  'hosts.remove',
  // The fleet's sessions, live or last known (the home daemon's list; a host's own is harmless).
  'hosts.sessions',
]);

/** A proxied path (`sessions.list`, or a batch `a.b,c.d`): true when every procedure is the dashboard's. */
export function dashboardMayCall(path: string): boolean {
  const procedures = path.split(',');
  return procedures.length <= 64 && procedures.every((p) => DASHBOARD_PROCEDURES.has(p));
}
