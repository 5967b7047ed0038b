// The fleet, as the `hosts.*` procedures and `health` see it: the hosts of hosts.json, one
// tunnel each, started with the daemon and stopped with it.
import { rmSync } from 'node:fs';
import {
  ConflictError,
  NotFoundError,
  type ApiLogger,
  type HostAddInput,
  type HostHealth,
  type HostsManager,
  type HostSummary,
} from '@rdv/api';
import { HostStore, type HostRecord } from './host-store.ts';
import { HostTunnel, type HostStatus, type RemoteProbe } from './host-tunnel.ts';
import { remoteStatus, revokeRemoteToken, takeRemoteToken } from './remote-rdv.ts';

/** How long `add` and `test` wait for the tunnel to come up. */
const SETTLE_TIMEOUT_MS = 30_000;

/**
 * Asks the remote rdv, through the tunnel and with this home's token, for its live sessions
 * (tRPC `sessions.list`): a refused token is `accepted: false`, no answer `accepted: null`.
 */
export const probeWithClient: RemoteProbe = async (apiSocket, token) => {
  if (!token) return { accepted: false, activeSessions: null };
  // Loaded on first use: the client (undici) is not part of the daemon's start-up.
  const { createApiClient } = await import('@rdv/client');
  const { client, close } = createApiClient({
    socketPath: apiSocket,
    credentials: { kind: 'cli', token },
  });
  try {
    const sessions = await client.sessions.list.query({ status: 'active' });
    return { accepted: true, activeSessions: sessions.length };
  } catch (error) {
    const code = (error as { data?: { code?: string } }).data?.code;
    return { accepted: code === 'UNAUTHORIZED' ? false : null, activeSessions: null };
  } finally {
    await close();
  }
};

/** Follows the hosts' states: told when a host's state changes and when it is removed. */
export interface HostStateListener {
  changed(host: {
    record: HostRecord;
    status: HostStatus;
    apiSocket: string;
    token: () => string;
  }): void;
  removed(name: string): void;
}

export class HostsService implements HostsManager {
  private listener: HostStateListener | null = null;
  private readonly store: HostStore;
  private readonly tunnels = new Map<string, HostTunnel>();
  /** Names being added, so two adds of one name do not race. */
  private readonly adding = new Set<string>();

  constructor(
    hostsDir: string,
    private readonly logger: ApiLogger,
    private readonly probe: RemoteProbe = probeWithClient,
  ) {
    this.store = new HostStore(hostsDir);
  }

  /** Who follows the hosts' states (one listener; set before start). */
  follow(listener: HostStateListener): void {
    this.listener = listener;
  }

  /** Connects every known host (at daemon start). */
  start(): void {
    this.store.ensure();
    for (const record of this.store.list()) this.open(record);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.tunnels.values()].map((tunnel) => tunnel.stop()));
    this.tunnels.clear();
  }

  async list(): Promise<HostSummary[]> {
    return this.store.list().map((record) => this.summary(record));
  }

  health(): HostHealth[] {
    return this.store.list().map((record) => {
      const status = this.statusOf(record.name);
      return { name: record.name, state: status.state, reason: status.reason };
    });
  }

  async add(input: HostAddInput): Promise<HostSummary> {
    if (this.store.get(input.name) || this.adding.has(input.name))
      throw new ConflictError(
        `a host named ${input.name} exists already: remove it first (rdv host remove ${input.name})`,
      );
    this.adding.add(input.name);
    try {
      this.store.ensure();
      const target = { destination: input.destination, sshOptions: input.sshOptions };
      const controlPath = `${this.store.controlDir}/${input.name}`;
      const status = await remoteStatus(target, controlPath);
      const { id, token } = await takeRemoteToken(target, controlPath);
      const record: HostRecord = {
        name: input.name,
        destination: input.destination,
        sshOptions: input.sshOptions,
        addedAt: new Date().toISOString(),
        remoteApiSocket: status.apiSocket,
        remoteTerminalSocket: status.terminalSocket,
        remoteTokenId: id,
      };
      this.store.put(record, token);
      this.logger.info({ host: record.name, destination: record.destination }, 'host added');
      await this.open(record).settled(SETTLE_TIMEOUT_MS);
      return this.summary(record);
    } finally {
      this.adding.delete(input.name);
    }
  }

  async test(name: string): Promise<HostSummary> {
    const record = this.require(name);
    const tunnel = this.tunnels.get(name) ?? this.open(record);
    tunnel.retryNow();
    await tunnel.settled(SETTLE_TIMEOUT_MS);
    await tunnel.check();
    return this.summary(record);
  }

  async remove(name: string): Promise<{ name: string; remoteTokenRevoked: boolean }> {
    const record = this.require(name);
    const tunnel = this.tunnels.get(name);
    // Revoke while the control master (if any) still carries ssh there, then disconnect.
    const controlPath = `${this.store.controlDir}/${name}`;
    const remoteTokenRevoked = await revokeRemoteToken(
      record,
      controlPath,
      record.remoteTokenId,
    ).catch(() => false);
    this.tunnels.delete(name);
    this.listener?.removed(name);
    await tunnel?.stop();
    this.store.remove(name);
    const sockets = this.store.localSockets(name);
    for (const file of [sockets.api, sockets.terminal, controlPath]) rmSync(file, { force: true });
    this.logger.info({ host: name, remoteTokenRevoked }, 'host removed');
    return { name, remoteTokenRevoked };
  }

  private open(record: HostRecord): HostTunnel {
    const tunnel = new HostTunnel(record, this.store, this.probe, this.logger, (status) =>
      this.listener?.changed({
        record,
        status,
        apiSocket: this.store.localSockets(record.name).api,
        token: () => this.store.token(record.name),
      }),
    );
    this.tunnels.set(record.name, tunnel);
    tunnel.start();
    return tunnel;
  }

  private require(name: string): HostRecord {
    const record = this.store.get(name);
    if (!record) throw new NotFoundError(`no host named ${name} (rdv host list)`);
    return record;
  }

  private statusOf(name: string) {
    return (
      this.tunnels.get(name)?.status ?? {
        state: 'connecting' as const,
        reason: null,
        since: new Date(),
        version: null,
        activeSessions: null,
      }
    );
  }

  private summary(record: HostRecord): HostSummary {
    const status = this.statusOf(record.name);
    return {
      name: record.name,
      destination: record.destination,
      sshOptions: record.sshOptions,
      addedAt: record.addedAt,
      state: status.state,
      reason: status.reason,
      version: status.version,
      activeSessions: status.activeSessions,
      since: status.since.toISOString(),
    };
  }
}
