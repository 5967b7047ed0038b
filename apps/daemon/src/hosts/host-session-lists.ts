// The hosts' sessions and folders for the dashboard (`hosts.sessions`): fetched through each
// connected host's tunnel, and remembered (in memory and in RDV_HOME/hosts/<name>.sessions.json,
// 0600), so a host that goes away keeps its sessions listed (marked not live) across a reload
// of the page or a restart of this daemon, until it is back.
import { chmodSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { ApiLogger, HostSessionList, HostSessionsSource, HostSummary } from '@rdv/api';
import { hostFiles } from '@rdv/contract/home';

/** How often connected hosts' lists are fetched with no dashboard asking, to keep the last known fresh. */
const BACKGROUND_INTERVAL_MS = 15_000;
/** A host that does not answer within this is shown with its last-known list. */
const FETCH_TIMEOUT_MS = 5_000;
/** The dashboard's calls within this of a fetch get its answer instead of another round trip. */
const FRESH_MS = 1_000;
const STATUSES = ['active', 'suspended', 'exited'] as const;

interface Known {
  fetchedAt: string;
  sessions: unknown[];
  folders: unknown[];
}

/** One look at a host's rdv through its tunnel: its sessions and folders. */
export type HostListsFetcher = (
  apiSocket: string,
  token: string,
) => Promise<{ sessions: unknown[]; folders: unknown[] }>;

export const fetchWithClient: HostListsFetcher = async (apiSocket, token) => {
  // Loaded on first use: the client (undici) is not part of the daemon's start-up.
  const { createApiClient } = await import('@rdv/client');
  const { client, close } = createApiClient({
    socketPath: apiSocket,
    credentials: { kind: 'cli', token },
  });
  try {
    const [sessions, folders] = await Promise.all([
      client.sessions.list.query({ status: [...STATUSES] }),
      client.folders.list.query(),
    ]);
    return { sessions, folders };
  } finally {
    await close();
  }
};

export class HostSessionLists implements HostSessionsSource {
  private readonly known = new Map<string, Known>();
  private readonly inFlight = new Map<string, Promise<Known | null>>();
  private readonly lastFetch = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly hostsDir: string,
    private readonly hosts: () => Promise<HostSummary[]>,
    private readonly logger: ApiLogger,
    private readonly fetcher: HostListsFetcher = fetchWithClient,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.timer ??= setInterval(
      () => void this.lists().catch(() => undefined),
      BACKGROUND_INTERVAL_MS,
    );
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async lists(): Promise<HostSessionList[]> {
    const hosts = await this.hosts();
    this.forgetRemoved(new Set(hosts.map((host) => host.name)));
    return Promise.all(hosts.map((host) => this.listOf(host)));
  }

  private async listOf(host: HostSummary): Promise<HostSessionList> {
    const fresh = host.state === 'connected' ? await this.fetch(host.name) : null;
    const known = fresh ?? this.lastKnown(host.name);
    return {
      name: host.name,
      state: host.state,
      reason: host.reason,
      live: fresh !== null,
      fetchedAt: known?.fetchedAt ?? null,
      sessions: known?.sessions ?? [],
      folders: known?.folders ?? [],
    };
  }

  /** The host's lists now (one fetch at a time per host), remembered; null when it did not answer. */
  private fetch(name: string): Promise<Known | null> {
    const running = this.inFlight.get(name);
    if (running) return running;
    const at = this.lastFetch.get(name);
    const known = this.known.get(name);
    if (at !== undefined && known && this.now() - at < FRESH_MS) return Promise.resolve(known);
    const files = hostFiles(this.hostsDir, name);
    const attempt = (async () => {
      try {
        const token = readFileSync(files.tokenFile, 'utf8').trim();
        const lists = await withTimeout(this.fetcher(files.apiSocket, token), FETCH_TIMEOUT_MS);
        const fetched: Known = { fetchedAt: new Date(this.now()).toISOString(), ...lists };
        this.known.set(name, fetched);
        this.lastFetch.set(name, this.now());
        this.remember(files.sessionsFile, fetched);
        return fetched;
      } catch (error) {
        this.logger.warn(
          { host: name, err: (error as Error).message },
          "could not list a host's sessions",
        );
        return null;
      } finally {
        this.inFlight.delete(name);
      }
    })();
    this.inFlight.set(name, attempt);
    return attempt;
  }

  private lastKnown(name: string): Known | undefined {
    const inMemory = this.known.get(name);
    if (inMemory) return inMemory;
    try {
      const saved = JSON.parse(
        readFileSync(hostFiles(this.hostsDir, name).sessionsFile, 'utf8'),
      ) as Known;
      if (!Array.isArray(saved.sessions) || !Array.isArray(saved.folders)) return undefined;
      this.known.set(name, saved);
      return saved;
    } catch {
      return undefined;
    }
  }

  private remember(file: string, known: Known): void {
    try {
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(known), { mode: 0o600 });
      chmodSync(temp, 0o600);
      renameSync(temp, file);
    } catch (error) {
      this.logger.warn(
        { file, err: (error as Error).message },
        "could not keep a host's session list",
      );
    }
  }

  /** A removed host's lists go with it. */
  private forgetRemoved(names: ReadonlySet<string>): void {
    for (const name of this.known.keys()) {
      if (names.has(name)) continue;
      this.known.delete(name);
      this.lastFetch.delete(name);
      rmSync(hostFiles(this.hostsDir, name).sessionsFile, { force: true });
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
