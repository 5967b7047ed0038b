// Notifications from every host reach the home: while a host is connected, the home daemon
// follows its rdv's agent status changes and stall insights (`orchestrators.onStatus` and
// `onInsight`, through the forwarded api.sock with the host's token) and hands them to its own
// NotificationService, which tells the home's person (web push, ntfy, webhooks) with the host
// in the title and body and the session's id host-qualified (`NAME:ID`).
//
// The subscriptions end when the tunnel goes and start again when it is back, resuming from the
// last event id seen: the remote replays what was missed, and the home's gate (one notification
// per state change per session) keeps a replayed change from being told twice. The remote's own
// channels are its owner's business: the home neither reads nor changes them, so a person who
// configured channels on both machines hears about a remote session from each.
import type { ApiLogger, InsightEvent, NotificationService, RemoteNoticeSource } from '@rdv/api';
import type { StatusChange } from '@rdv/api';
import type { HostStateListener } from './hosts-service.ts';

type ApiClientHandle = Awaited<ReturnType<typeof loadClient>>;

/** How long a subscription's first answers count as the host's current state (not news). */
const BASELINE_WINDOW_MS = 2_000;

async function loadClient(apiSocket: string, token: string) {
  // Loaded on first use: the client (undici, eventsource) is not part of the daemon's start-up.
  const { createApiClient } = await import('@rdv/client');
  return createApiClient({ socketPath: apiSocket, credentials: { kind: 'cli', token } });
}

/** A tracked subscription's value (`{ id, data }`), or the value itself. */
function unwrap<T>(value: unknown): { id: string | null; data: T } {
  const v = value as { id?: unknown; data?: unknown };
  return typeof v.id === 'string' && v.data && typeof v.data === 'object'
    ? { id: v.id, data: v.data as T }
    : { id: null, data: value as T };
}

/** One host's event subscriptions, alive while the host is connected. */
class HostFollower {
  private handle: ApiClientHandle | null = null;
  private unsubscribers: Array<() => void> = [];
  private lastStatusId: string | null = null;
  private lastInsightId: string | null = null;
  /** Whether the host's statuses were seen once: later snapshots are a catch-up, not a baseline. */
  private baselineTaken = false;
  private generation = 0;
  private readonly source: RemoteNoticeSource;

  constructor(
    private readonly name: string,
    owner: () => string,
    private readonly notifications: NotificationService,
    private readonly logger: ApiLogger,
  ) {
    const describe = (sessionId: string) => this.describe(sessionId);
    this.source = {
      host: name,
      get userId() {
        return owner();
      },
      describe,
    };
  }

  get running(): boolean {
    return this.handle !== null || this.unsubscribers.length > 0;
  }

  async start(apiSocket: string, token: string): Promise<void> {
    if (this.running) return;
    const generation = ++this.generation;
    const handle = await loadClient(apiSocket, token);
    if (generation !== this.generation) {
      await handle.close();
      return;
    }
    this.handle = handle;
    const { client } = handle;
    const settleBaseline = () =>
      setTimeout(() => (this.baselineTaken = true), BASELINE_WINDOW_MS).unref();
    const snapshotMode = () => (this.baselineTaken ? 'catch-up' : 'baseline');
    const status = client.orchestrators.onStatus.subscribe(
      { lastEventId: this.lastStatusId },
      {
        onStarted: () => {
          settleBaseline();
          this.logger.info({ host: this.name }, 'following the host’s notifications');
        },
        onData: (value) => {
          const { id, data } = unwrap<StatusChange>(value);
          if (id) this.lastStatusId = id;
          if (data.source === 'snapshot') {
            this.notifications.remoteStatus(this.source, data, snapshotMode());
          } else {
            this.baselineTaken = true;
            this.notifications.remoteStatus(this.source, data, 'live');
          }
        },
        onError: (error) =>
          this.logger.warn({ host: this.name, err: error }, 'host status stream failed'),
      },
    );
    const insight = client.orchestrators.onInsight.subscribe(
      { lastEventId: this.lastInsightId },
      {
        onData: (value) => {
          const { id, data } = unwrap<
            InsightEvent | { kind: 'snapshot'; insight: InsightEvent['insight'] }
          >(value);
          if (id) this.lastInsightId = id;
          this.notifications.remoteInsight(this.source, data);
        },
        onError: (error) =>
          this.logger.warn({ host: this.name, err: error }, 'host insight stream failed'),
      },
    );
    this.unsubscribers = [() => status.unsubscribe(), () => insight.unsubscribe()];
  }

  async stop(): Promise<void> {
    this.generation += 1;
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.unsubscribers = [];
    const handle = this.handle;
    this.handle = null;
    await handle?.close().catch(() => undefined);
  }

  /** The session's name, folder and cwd, asked of the host when a notification goes out. */
  private async describe(
    sessionId: string,
  ): Promise<{ name: string; cwd: string; folder: string | null } | null> {
    const client = this.handle?.client;
    if (!client) return null;
    const session = await client.sessions.get.query({ id: sessionId });
    const folder = session.folderId
      ? await client.folders.get
          .query({ id: session.folderId })
          .then((f) => f.name)
          .catch(() => null)
      : null;
    return { name: session.name, cwd: session.cwd, folder };
  }
}

/** Follows every connected host's events for the home's notifications. */
export class HostEvents implements HostStateListener {
  private readonly followers = new Map<string, HostFollower>();
  private stopped = false;

  constructor(
    private readonly notifications: NotificationService,
    /** The home's owner: the person the fleet belongs to. */
    private readonly owner: () => string,
    private readonly logger: ApiLogger,
  ) {}

  changed(host: Parameters<HostStateListener['changed']>[0]): void {
    if (this.stopped) return;
    const name = host.record.name;
    let follower = this.followers.get(name);
    if (host.status.state !== 'connected') {
      void follower?.stop();
      return;
    }
    if (!follower) {
      follower = new HostFollower(name, this.owner, this.notifications, this.logger);
      this.followers.set(name, follower);
    }
    let token: string;
    try {
      token = host.token();
    } catch {
      return; // no token file: the tunnel says token_refused next
    }
    follower
      .start(host.apiSocket, token)
      .catch((error: unknown) =>
        this.logger.warn({ host: name, err: error }, 'cannot follow the host’s notifications'),
      );
  }

  removed(name: string): void {
    const follower = this.followers.get(name);
    this.followers.delete(name);
    void follower?.stop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.followers.values()].map((follower) => follower.stop()));
    this.followers.clear();
  }
}
