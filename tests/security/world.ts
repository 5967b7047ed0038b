// Alice's objects (one of everything a procedure can act on) in a real daemon, and a valid-looking
// input for every procedure, keyed by path. The authorization matrix and the bad-input suite use
// both; a procedure missing from PROCEDURE_INPUTS fails them, so new procedures get covered.
import { beforeAll } from 'vitest';
import { addInsight } from '../helpers/audit.ts';
import { cliClient, type DaemonProcess } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { handOver } from '../helpers/users.ts';

/** Limits high enough that a suite that makes hundreds of refused calls is never throttled. */
export const GENEROUS_LIMITS = `[limits]
calls_per_second = 10000
calls_burst = 100000
expensive_per_second = 10000
expensive_burst = 100000
auth_free_failures = 100000
`;

export interface World {
  /** The daemon in use (a new one after handOver()). */
  readonly daemon: DaemonProcess;
  readonly root: string;
  readonly repo: string;
  readonly alice: Alice;
  /**
   * The daemon's owner after `handOver()`: a fresh user row, for whom alice's rows are what an
   * older, multi-user rdv left in the database. Null before.
   */
  readonly owner: { userId: string; token: string } | null;
  /** Restarts the daemon with a new owner (alice's rows stay); again, and alice owns it again. */
  handOver(): Promise<void>;
}

export interface Alice {
  userId: string;
  token: string;
  sessionId: string;
  folderId: string;
  worktreeId: string;
  worktreePath: string;
  trashId: string;
  tokenId: string;
  /** A read-only share link to alice's session, and its secret. */
  shareId: string;
  shareSecret: string;
  orchestratorId: string;
  insightId: string;
  channelId: string;
  pushEndpoint: string;
  /** Every id, name and path of alice's that another user must never see. */
  secrets: string[];
}

/** A marker in alice's names, easy to find in any response text. */
export const ALICE_MARK = 'alice-secret';

/**
 * A daemon for the describe block (useDaemon) in which alice (the local user) has a session,
 * folder, worktree, trash item, ..., made before the block's tests.
 */
export function useWorld(): World {
  const fx = useDaemon({ git: 'repo', config: GENEROUS_LIMITS, env: { SHELL: '/bin/sh' } });
  let alice: Alice | undefined;
  let owner: World['owner'] = null;
  beforeAll(async () => {
    alice = await giveAlice(fx.daemon, fx.root, fx.repo);
  }, 60_000);
  return {
    get daemon() {
      return fx.daemon;
    },
    get root() {
      return fx.root;
    },
    get repo() {
      return fx.repo;
    },
    get alice() {
      if (!alice) throw new Error('useWorld: alice has nothing yet (outside a test)');
      return alice;
    },
    get owner() {
      return owner;
    },
    async handOver() {
      const next = await handOver(fx.daemon, { SHELL: '/bin/sh' });
      fx.daemon = next.daemon;
      owner = next.owner.userId === alice?.userId ? null : next.owner;
    },
  };
}

/** Gives alice one of everything a procedure can act on. */
async function giveAlice(daemon: DaemonProcess, root: string, repo: string): Promise<Alice> {
  const api = cliClient(daemon);
  try {
    const me = await api.client.me.get.query();
    const folder = await api.client.folders.create.mutate({ name: `${ALICE_MARK}-folder` });
    const session = await api.client.sessions.create.mutate({
      name: `${ALICE_MARK}-session`,
      folderId: folder.id,
      cwd: root,
    });
    const worktree = await api.client.worktrees.create.mutate({
      repoPath: repo,
      branch: `${ALICE_MARK}-branch`,
    });
    const trashed = await api.client.worktrees.create.mutate({
      repoPath: repo,
      branch: `${ALICE_MARK}-trashed`,
    });
    const trash = await api.client.trash.worktree.mutate({ worktreeId: trashed.id });
    const token = await api.client.tokens.create.mutate({ name: `${ALICE_MARK}-token` });
    const share = await api.client.shares.create.mutate({
      sessionId: session.id,
      label: `${ALICE_MARK}-share`,
    });
    const orchestrator = await api.client.orchestrators.create.mutate({
      name: `${ALICE_MARK}-orch`,
      folderId: folder.id,
      paused: true,
    });
    const insightId = addInsight(daemon.home, {
      userId: me.user.id,
      orchestratorId: orchestrator.id,
      sessionId: session.id,
      type: 'stall_detected',
      severity: 'warning',
      message: `${ALICE_MARK}-insight`,
    });
    // Never reached (.test does not resolve): the names are what matter here.
    const pushEndpoint = `https://push.example.test/${ALICE_MARK}-push`;
    await api.client.notifications.subscribe.mutate({
      endpoint: pushEndpoint,
      keys: {
        p256dh: Buffer.alloc(65, 4).toString('base64url'),
        auth: Buffer.alloc(16, 1).toString('base64url'),
      },
      label: `${ALICE_MARK}-device`,
    });
    const channel = await api.client.notifications.addChannel.mutate({
      kind: 'webhook',
      name: `${ALICE_MARK}-channel`,
      url: `https://hooks.example.test/${ALICE_MARK}-hook`,
      format: 'json',
    });
    return {
      userId: me.user.id,
      token: daemon.cliToken(),
      sessionId: session.id,
      folderId: folder.id,
      worktreeId: worktree.id,
      worktreePath: worktree.path,
      trashId: trash.id,
      tokenId: token.id,
      shareId: share.id,
      shareSecret: share.secret,
      orchestratorId: orchestrator.id,
      insightId,
      channelId: channel.id,
      pushEndpoint,
      secrets: [
        ALICE_MARK,
        me.user.id,
        session.id,
        session.tmuxName,
        folder.id,
        worktree.id,
        trashed.id,
        trash.id,
        token.id,
        share.id,
        share.secret,
        orchestrator.id,
        insightId,
        channel.id,
        pushEndpoint,
        daemon.cliToken(),
      ],
    };
  } finally {
    await api.close();
  }
}

/** What the owner must get for a procedure aimed at alice's objects, left by a previous owner. */
export type OtherUserExpectation = string | string[];

export interface ProcedureInput {
  /** A valid-looking input aimed at alice's objects; `n` makes created names unique. */
  input: (w: World, n: number) => unknown;
  other: OtherUserExpectation;
  /** Alice's secrets this procedure may legitimately show anyone (shared file-system facts). */
  mayShow?: (w: World) => string[];
}

/**
 * One valid-looking input per procedure. Where another user acting on alice's object cannot
 * even name it validly, the expectation says BAD_REQUEST; creating one's own object is OK.
 */
export const PROCEDURE_INPUTS: Record<string, ProcedureInput> = {
  'me.get': { input: () => undefined, other: 'OK' },
  'tokens.list': { input: () => undefined, other: 'OK' },
  'tokens.create': { input: (_w, n) => ({ name: `mallory-${n}` }), other: 'OK' },
  'tokens.revoke': { input: (w) => ({ id: w.alice.tokenId }), other: 'NOT_FOUND' },
  'tokens.setExpiry': {
    input: (w) => ({ id: w.alice.tokenId, expiresInSeconds: 0 }),
    other: 'NOT_FOUND',
  },
  'sessions.list': { input: (w) => ({ folderId: w.alice.folderId }), other: 'OK' },
  'sessions.get': { input: (w) => ({ id: w.alice.sessionId }), other: 'NOT_FOUND' },
  'sessions.create': {
    input: (w) => ({ name: 'mallory', folderId: w.alice.folderId, cwd: w.root }),
    other: 'NOT_FOUND',
  },
  'sessions.update': {
    input: (w) => ({ id: w.alice.sessionId, name: 'pwned' }),
    other: 'NOT_FOUND',
  },
  'sessions.close': { input: (w) => ({ id: w.alice.sessionId }), other: 'NOT_FOUND' },
  'sessions.suspend': { input: (w) => ({ id: w.alice.sessionId }), other: 'NOT_FOUND' },
  'sessions.resume': { input: (w) => ({ id: w.alice.sessionId }), other: 'NOT_FOUND' },
  'sessions.restart': { input: (w) => ({ id: w.alice.sessionId }), other: 'NOT_FOUND' },
  'sessions.exec': {
    input: (w) => ({ id: w.alice.sessionId, text: 'echo pwned' }),
    other: 'NOT_FOUND',
  },
  'sessions.scrollback': { input: (w) => ({ id: w.alice.sessionId }), other: 'NOT_FOUND' },
  'sessions.prompt': { input: (w) => ({ id: w.alice.sessionId }), other: 'NOT_FOUND' },
  'sessions.answer': {
    input: (w) => ({
      sessionId: w.alice.sessionId,
      promptId: '0123456789abcdef',
      answer: { kind: 'approve' },
    }),
    other: 'NOT_FOUND',
  },
  'sessions.orphans.list': { input: () => undefined, other: 'OK' },
  'hooks.installed': { input: () => undefined, other: 'OK' },
  // alice's session has a row (even another owner's): never an orphan to adopt or kill.
  'sessions.orphans.adopt': {
    input: (w) => ({ name: `rdv-${w.alice.sessionId}` }),
    other: 'NOT_FOUND',
  },
  'sessions.orphans.kill': {
    input: (w) => ({ name: `rdv-${w.alice.sessionId}` }),
    other: 'NOT_FOUND',
  },
  'shares.list': { input: (w) => ({ sessionId: w.alice.sessionId }), other: 'OK' },
  'shares.create': {
    input: (w) => ({ sessionId: w.alice.sessionId, label: 'mallory' }),
    other: 'NOT_FOUND',
  },
  'shares.revoke': { input: (w) => ({ id: w.alice.shareId }), other: 'NOT_FOUND' },
  // The secret is the credential, not a token: a previous owner's link opens nothing for anyone.
  'shares.watch': { input: (w) => ({ secret: w.alice.shareSecret }), other: 'UNAUTHORIZED' },
  'terminal.attach': { input: (w) => ({ sessionId: w.alice.sessionId }), other: 'NOT_FOUND' },
  'terminal.input': {
    input: (w) => ({ sessionId: w.alice.sessionId, data: 'echo pwned\r' }),
    other: 'NOT_FOUND',
  },
  'terminal.resize': {
    input: (w) => ({ sessionId: w.alice.sessionId, cols: 20, rows: 5 }),
    other: 'NOT_FOUND',
  },
  'folders.list': { input: () => undefined, other: 'OK' },
  'folders.get': { input: (w) => ({ id: w.alice.folderId }), other: 'NOT_FOUND' },
  'folders.children': { input: (w) => ({ id: w.alice.folderId }), other: 'NOT_FOUND' },
  'folders.context': { input: (w) => ({ id: w.alice.folderId }), other: 'NOT_FOUND' },
  'folders.create': {
    input: (w) => ({ name: 'mallory', parentId: w.alice.folderId }),
    other: 'NOT_FOUND',
  },
  'folders.update': { input: (w) => ({ id: w.alice.folderId, name: 'pwned' }), other: 'NOT_FOUND' },
  'folders.delete': { input: (w) => ({ id: w.alice.folderId }), other: 'NOT_FOUND' },
  'preferences.get': { input: (w) => ({ folderId: w.alice.folderId }), other: 'NOT_FOUND' },
  'preferences.set': {
    input: (w) => ({ folderId: w.alice.folderId, values: { theme: 'light' } }),
    other: 'NOT_FOUND',
  },
  'preferences.resolve': { input: (w) => ({ folderId: w.alice.folderId }), other: 'NOT_FOUND' },
  // git's own list of a repository's worktrees is file-system state every user of this OS account
  // can read anyway (worktree paths, and trashed worktrees' paths, which hold the trash item's
  // id); what must not show is alice's record (its id).
  'worktrees.list': {
    input: (w) => ({ repoPath: w.repo }),
    other: 'OK',
    mayShow: (w) => [w.alice.worktreePath, ALICE_MARK, w.alice.trashId],
  },
  'worktrees.records': { input: () => undefined, other: 'OK' },
  'worktrees.create': {
    input: (w, n) => ({ repoPath: w.repo, branch: `mallory-${n}` }),
    other: 'OK',
  },
  'worktrees.status': { input: (w) => ({ id: w.alice.worktreeId }), other: 'NOT_FOUND' },
  'worktrees.remove': {
    input: (w) => ({ id: w.alice.worktreeId, force: true }),
    other: 'NOT_FOUND',
  },
  'worktrees.diff': { input: (w) => ({ id: w.alice.worktreeId }), other: 'NOT_FOUND' },
  'worktrees.stage': {
    input: (w) => ({ id: w.alice.worktreeId, paths: ['README.md'] }),
    other: 'NOT_FOUND',
  },
  'worktrees.unstage': {
    input: (w) => ({ id: w.alice.worktreeId, paths: ['README.md'] }),
    other: 'NOT_FOUND',
  },
  'worktrees.commit': {
    input: (w) => ({ id: w.alice.worktreeId, message: 'pwned' }),
    other: 'NOT_FOUND',
  },
  'worktrees.push': { input: (w) => ({ id: w.alice.worktreeId }), other: 'NOT_FOUND' },
  'worktrees.pullRequest': {
    input: (w) => ({ id: w.alice.worktreeId, title: 'pwned' }),
    other: 'NOT_FOUND',
  },
  'worktrees.sendComments': {
    input: (w) => ({
      sessionId: w.alice.sessionId,
      comments: [{ file: 'a.ts', startLine: 1, endLine: 1, side: 'new', text: 'pwned' }],
    }),
    other: 'NOT_FOUND',
  },
  'trash.list': { input: () => undefined, other: 'OK' },
  'trash.retention': { input: () => undefined, other: 'OK' },
  'trash.worktree': { input: (w) => ({ worktreeId: w.alice.worktreeId }), other: 'NOT_FOUND' },
  'trash.restore': { input: (w) => ({ id: w.alice.trashId }), other: 'NOT_FOUND' },
  'trash.purge': { input: (w) => ({ id: w.alice.trashId, force: true }), other: 'NOT_FOUND' },
  'orchestrators.list': { input: () => undefined, other: 'OK' },
  'orchestrators.get': { input: (w) => ({ id: w.alice.orchestratorId }), other: 'NOT_FOUND' },
  'orchestrators.create': {
    input: (w) => ({ name: 'mallory', folderId: w.alice.folderId }),
    other: 'NOT_FOUND',
  },
  'orchestrators.update': {
    input: (w) => ({ id: w.alice.orchestratorId, paused: false, autoIntervention: true }),
    other: 'NOT_FOUND',
  },
  'orchestrators.delete': { input: (w) => ({ id: w.alice.orchestratorId }), other: 'NOT_FOUND' },
  'orchestrators.inject': {
    input: (w) => ({
      orchestratorId: w.alice.orchestratorId,
      sessionId: w.alice.sessionId,
      text: 'echo pwned',
    }),
    other: 'NOT_FOUND',
  },
  'orchestrators.insights.list': {
    input: (w) => ({ orchestratorId: w.alice.orchestratorId, state: 'all' }),
    other: ['OK', 'NOT_FOUND'],
  },
  'orchestrators.insights.resolve': {
    input: (w) => ({ id: w.alice.insightId }),
    other: 'NOT_FOUND',
  },
  'orchestrators.onStatus': {
    input: (w) => ({ folderId: w.alice.folderId }),
    other: ['OK', 'NOT_FOUND'],
  },
  'orchestrators.onInsight': {
    input: (w) => ({ orchestratorId: w.alice.orchestratorId }),
    other: ['OK', 'NOT_FOUND'],
  },
  'hooks.report': {
    input: (w) => ({ sessionId: w.alice.sessionId, event: 'stop' }),
    other: 'NOT_FOUND',
  },
  'audit.list': { input: () => ({ limit: 200 }), other: 'OK' },
  'recordings.list': { input: () => undefined, other: 'OK' },
  'files.limits': { input: () => undefined, other: 'OK' },
  'recordings.get': { input: (w) => ({ sessionId: w.alice.sessionId }), other: 'NOT_FOUND' },
  'recordings.set': {
    input: (w) => ({ sessionId: w.alice.sessionId, enabled: true }),
    other: 'NOT_FOUND',
  },
  // The fleet is the daemon's, not a user's: a host alice named is unknown to the new owner's
  // daemon, and adding one reaches ssh, which finds nothing listening on port 1.
  'hosts.list': { input: () => undefined, other: 'OK' },
  'hosts.sessions': { input: () => undefined, other: 'OK' },
  'hosts.add': {
    input: (_w, n) => ({
      name: `mallory-${n}`,
      destination: 'mallory@127.0.0.1',
      sshOptions: ['Port=1'],
    }),
    other: 'SERVICE_UNAVAILABLE',
  },
  'hosts.test': { input: () => ({ name: 'alice-gpu' }), other: 'NOT_FOUND' },
  'hosts.remove': { input: () => ({ name: 'alice-gpu' }), other: 'NOT_FOUND' },
  'search.query': {
    input: (w) => ({ query: ALICE_MARK, sessionId: w.alice.sessionId }),
    other: 'NOT_FOUND',
  },
  'notifications.get': { input: () => undefined, other: 'OK' },
  'notifications.subscribe': {
    input: (_w, n) => ({
      endpoint: `https://push.example.test/mallory-${n}`,
      keys: {
        p256dh: Buffer.alloc(65, 4).toString('base64url'),
        auth: Buffer.alloc(16, 2).toString('base64url'),
      },
    }),
    other: 'OK',
  },
  // Scoped to the caller: alice's subscription is not theirs to remove (removed: false).
  'notifications.unsubscribe': { input: (w) => ({ endpoint: w.alice.pushEndpoint }), other: 'OK' },
  'notifications.addChannel': {
    input: (_w, n) => ({
      kind: 'ntfy',
      name: `mallory-${n}`,
      url: `https://ntfy.example.test/mallory-${n}`,
    }),
    other: 'OK',
  },
  'notifications.removeChannel': { input: (w) => ({ id: w.alice.channelId }), other: 'NOT_FOUND' },
  'notifications.test': {
    input: (w) => ({ kind: 'channel', id: w.alice.channelId }),
    other: 'NOT_FOUND',
  },
  'server.rotateServiceToken': { input: () => undefined, other: 'OK' },
};

/** Extra cases: the same procedure reaching alice's object another way (by path, not id). */
export const EXTRA_CASES: Array<{
  path: string;
  input: (w: World) => unknown;
  other: OtherUserExpectation;
}> = [
  { path: 'worktrees.status', input: (w) => ({ path: w.alice.worktreePath }), other: 'NOT_FOUND' },
  {
    path: 'worktrees.remove',
    input: (w) => ({ path: w.alice.worktreePath, force: true }),
    other: 'NOT_FOUND',
  },
  { path: 'worktrees.diff', input: (w) => ({ path: w.alice.worktreePath }), other: 'NOT_FOUND' },
  {
    path: 'worktrees.commit',
    input: (w) => ({ path: w.alice.worktreePath, message: 'pwned' }),
    other: 'NOT_FOUND',
  },
  {
    path: 'worktrees.create',
    input: (w) => ({ repoPath: w.repo, branch: 'mallory-x', path: w.alice.worktreePath }),
    other: ['BAD_REQUEST', 'CONFLICT'],
  },
  { path: 'sessions.list', input: () => undefined, other: 'OK' },
  {
    path: 'orchestrators.insights.list',
    input: (w) => ({ sessionId: w.alice.sessionId, state: 'all' }),
    other: ['OK', 'NOT_FOUND'],
  },
];
