/**
 * Which budget a call spends:
 * - `default`: ordinary calls (lists, gets, small updates), including a subscription's start;
 * - `expensive`: calls that start processes or write much (sessions, worktrees, typing text);
 * - `terminal`: keystrokes and resizes, a budget of their own so that typing never runs out.
 */
export type RateClass = 'default' | 'expensive' | 'terminal';

export interface ProcedurePolicy {
  /** @default 'default' */
  rate?: RateClass;
  /**
   * Written to the audit log by the tRPC middleware (action = the procedure's path). `sessions.exec`
   * and `orchestrators.inject` are not: the SafeInjector audits them itself, with its decision.
   */
  audit?: boolean;
}

/**
 * The security policy of procedures, keyed by path, in one place. A path missing here spends the
 * `default` budget and is not audited; `procedure-policy.test.ts` checks every key names a real
 * procedure, so the table cannot drift from the router.
 */
export const PROCEDURE_POLICY: Readonly<Record<string, ProcedurePolicy>> = {
  'sessions.create': { rate: 'expensive', audit: true },
  'sessions.close': { audit: true },
  'sessions.suspend': { audit: true },
  'sessions.resume': { audit: true },
  'sessions.restart': { rate: 'expensive', audit: true },
  'sessions.exec': { rate: 'expensive' },
  'sessions.answer': { rate: 'expensive' },
  'sessions.orphans.adopt': { audit: true },
  'sessions.orphans.kill': { rate: 'expensive', audit: true },
  'terminal.input': { rate: 'terminal' },
  'terminal.resize': { rate: 'terminal' },
  'orchestrators.inject': { rate: 'expensive' },
  'orchestrators.create': { audit: true },
  'orchestrators.update': { audit: true },
  'orchestrators.delete': { audit: true },
  'worktrees.create': { rate: 'expensive', audit: true },
  'worktrees.remove': { rate: 'expensive', audit: true },
  'worktrees.stage': { audit: true },
  'worktrees.unstage': { audit: true },
  'worktrees.commit': { rate: 'expensive', audit: true },
  'worktrees.push': { rate: 'expensive', audit: true },
  'worktrees.pullRequest': { rate: 'expensive', audit: true },
  // Audited by the SafeInjector itself, with its decision (like sessions.exec).
  'worktrees.sendComments': { rate: 'expensive' },
  'trash.worktree': { rate: 'expensive', audit: true },
  'trash.restore': { rate: 'expensive', audit: true },
  'trash.purge': { rate: 'expensive', audit: true },
  'shares.create': { audit: true },
  'shares.revoke': { audit: true },
  // Each starts ssh to a machine the caller names.
  'hosts.add': { rate: 'expensive', audit: true },
  'hosts.test': { rate: 'expensive' },
  'hosts.remove': { audit: true },
  'tokens.create': { audit: true },
  'tokens.revoke': { audit: true },
  'tokens.setExpiry': { audit: true },
  'recordings.set': { audit: true },
  // Spawns tmux clients and reads every history: the budget of calls that start processes.
  'search.query': { rate: 'expensive' },
  'notifications.subscribe': { audit: true },
  'notifications.unsubscribe': { audit: true },
  'notifications.addChannel': { audit: true },
  'notifications.removeChannel': { audit: true },
  // Each test is an outgoing request to somewhere the caller chose.
  'notifications.test': { rate: 'expensive' },
};

export function policyOf(path: string): Required<ProcedurePolicy> {
  const policy = PROCEDURE_POLICY[path];
  return { rate: policy?.rate ?? 'default', audit: policy?.audit ?? false };
}
