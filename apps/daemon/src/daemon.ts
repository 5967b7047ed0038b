import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { HOME_FILES, MAX_TMUX_SERVERS, tmuxServerSocket } from '@rdv/contract/home';
import type { Server } from 'node:http';
import { createApiServices, type ApiConfig, type SessionService } from '@rdv/api';
import { DEFAULT_BACKOFF_POLICY } from '@rdv/policy/rate-limit';
import { Tmux } from '@rdv/terminal';
import { BackgroundServices } from './background/background-services.ts';
import { HealthMonitor } from './background/health-monitor.ts';
import { HostEvents } from './hosts/host-events.ts';
import { HostSessionLists } from './hosts/host-session-lists.ts';
import { HostsService } from './hosts/hosts-service.ts';
import { loadConfig, resolveHome, type DaemonConfig } from '@rdv/config';
import { createLogger, settleLogger, type DaemonLogger } from './logger.ts';
import { createApiServer, type ApiServer } from './servers/api-server.ts';
import { watchSocket } from './servers/socket-watchdog.ts';
import { createTerminalServer, type TerminalServer } from './servers/terminal-server.ts';
import { listenOnSocket, removeSocketFile } from './servers/unix-socket.ts';
import { openDatabase } from './startup/database.ts';
import { ensureConfigDirs, ensureHome } from './startup/home.ts';
import { ensureLocalUser } from './startup/local-user.ts';
import { checkPidFile, removePidFile, writePidFile } from './startup/pid-file.ts';
import { ensurePrivateDatabaseFile, tightenPrivateFiles } from './startup/private-files.ts';
import { ServiceToken } from './startup/service-token.ts';
import { reapStaleTmuxClients } from './startup/stale-clients.ts';
import { explainStartupFailure, StartAbortedError } from './startup/startup-error.ts';
import { VERSION } from './version.ts';

export interface RunningDaemon {
  config: DaemonConfig;
  logger: DaemonLogger;
  /** Graceful shutdown; resolves when sockets and pid file are gone. Safe to call twice. */
  stop(reason: string): Promise<void>;
}

/** Creation mask during start-up: whatever start-up creates is private to the user. */
const STARTUP_UMASK = 0o077;

/**
 * The start-up sequence. It follows the design with two deliberate changes: the pid file is
 * taken first with O_EXCL (a lock, so two daemons cannot race), and the database is migrated
 * before the sockets are bound (so no call ever reaches a half-ready daemon).
 *
 * `signal` is a stop request (SIGTERM) that arrives before the daemon is ready: start-up
 * stops at the next step and undoes what it did, then rejects with StartAbortedError. Any other
 * failure rejects with a StartupError that says what is wrong and how to fix it.
 *
 * The umask is 077 while starting (so nothing is ever created readable by others, even for a
 * moment) and the user's own again afterwards: the tmux server, started later, hands the umask
 * on to every shell in every session, where the user's setting belongs.
 */
export async function startDaemon(env: NodeJS.ProcessEnv = process.env, signal?: AbortSignal): Promise<RunningDaemon> {
  const userUmask = process.umask(STARTUP_UMASK);
  try {
    return await start(env, signal);
  } finally {
    process.umask(userUmask);
  }
}

async function start(env: NodeJS.ProcessEnv, signal: AbortSignal | undefined): Promise<RunningDaemon> {
  const checkpoint = () => {
    if (signal?.aborted) throw new StartAbortedError(String(signal.reason ?? 'a signal'));
  };
  const home = resolveHome(env);
  let config: DaemonConfig;
  try {
    ensureHome(home);
    config = loadConfig(home);
    ensureConfigDirs(config);
  } catch (error) {
    throw explainStartupFailure(error);
  }
  const tightened = tightenPrivateFiles(config);
  const logger = createLogger({ file: config.logFile, level: config.logLevel, rotation: config.logRotation });
  for (const warning of config.warnings) logger.warn(warning);
  if (tightened.length) logger.warn({ files: tightened }, 'removed group and other access from files in RDV_HOME');

  const cleanups: Array<() => Promise<void> | void> = [];
  try {
    // 1. Previous instance: running → refuse; crashed → clean its leftovers.
    const previous = checkPidFile(config.pidFile);
    if (previous.kind === 'stale') {
      logger.warn({ previousPid: previous.pid }, 'previous rdv-server did not shut down cleanly; recovering');
      rmSync(config.pidFile, { force: true });
      removeSocketFile(config.apiSocket);
      removeSocketFile(config.terminalSocket);
    }
    writePidFile(config.pidFile);
    cleanups.push(() => removePidFile(config.pidFile));
    // A daemon killed without clean-up leaves its tmux clients running; no live daemon owns them
    // now. Only such a daemon leaves its pid file (a clean stop removes it last, after its
    // clients): the scan reads every process's cmdline, ~18 ms at 1,000 processes. Every socket
    // rdv may have used counts (an earlier daemon may have had more tmux servers).
    const tmuxSockets = Array.from({ length: MAX_TMUX_SERVERS }, (_, i) => tmuxServerSocket(config.tmuxSocket, i));
    const reaped = previous.kind === 'stale' ? reapStaleTmuxClients(tmuxSockets) : [];
    if (reaped.length) logger.warn({ clients: reaped }, `stopped ${reaped.length} tmux client(s) left by a previous rdv-server`);
    checkpoint();

    // 2. A new service token for the web app, every start.
    const serviceToken = new ServiceToken(config.serviceTokenFile);

    // 3. Database: migrations, then the one client.
    ensurePrivateDatabaseFile(config.databasePath);
    const { db, applied } = openDatabase(config.databasePath);
    cleanups.push(() => db.$disconnect());
    if (applied.length) logger.info({ migrations: applied }, 'applied database migrations');

    // The servers need the health monitor and it reads their counters: a holder breaks the cycle.
    const servers: { api?: ApiServer; terminal?: TerminalServer; sessions?: SessionService } = {};
    const tmux = new Tmux({ socketPath: config.tmuxSocket, servers: config.tmuxServers });
    const health = new HealthMonitor({
      db,
      tmux,
      version: VERSION,
      live: {
        websocketConnections: () => servers.terminal?.connections() ?? 0,
        pendingRequests: () => servers.api?.pendingRequests() ?? 0,
      },
      orphans: () => servers.sessions?.orphans.lastSeen ?? [],
    });
    const hostsDir = join(config.home, HOME_FILES.hostsDir);
    const hosts = new HostsService(hostsDir, logger);
    const hostSessions = new HostSessionLists(hostsDir, () => hosts.list(), logger);
    const services = createApiServices({ db, tmux, serviceToken, health, hosts, hostSessions, logger, config: apiConfig(config) });
    // tmux commands over one control client instead of a process each, and tmux's notifications
    // instead of a census every second (see SessionWatch).
    tmux.useControlChannel((event) => services.sessionWatch.onChannelEvent(event));
    cleanups.push(() => tmux.dispose());
    cleanups.push(() => services.hubs.disposeAll());
    cleanups.push(() => services.notifications.dispose());
    // Before the hubs go: recorders close their files once their streams end.
    cleanups.push(() => services.recordings.dispose());
    const local = await ensureLocalUser(db, services.tokens, config.cliTokenFile);
    services.auth.setOwner(local.userId);
    logger.info({ user: local.username, tokenCreated: local.tokenCreated }, 'local user ready');

    servers.sessions = services.sessions;
    // Every start: after a reboot or a crash, orphans are what health and `rdv session orphans` show.
    await reportOrphans(services.sessions, logger);
    if (config.agents.resumeOnStart) await resumeLostAgents(services.sessions, logger);
    checkpoint();

    // 4. Health, without waiting on a tmux process (the background probe follows).
    await health.refresh({ quick: true });

    // 5. Sockets.
    const apiServer = (servers.api = createApiServer(services, logger));
    const terminalServer = (servers.terminal = createTerminalServer(services, logger));
    await listenOnSocket(apiServer.server, config.apiSocket);
    cleanups.push(() => removeSocketFile(config.apiSocket));
    await listenOnSocket(terminalServer.server, config.terminalSocket);
    cleanups.push(() => removeSocketFile(config.terminalSocket));
    const watchdogs = [
      watchSocket(apiServer.server, config.apiSocket, logger),
      watchSocket(terminalServer.server, config.terminalSocket, logger),
    ];
    const stopWatchdogs = () => watchdogs.forEach((watchdog) => watchdog.dispose());
    cleanups.push(stopWatchdogs);
    checkpoint();

    // 6. Background services, once the sockets answer: the session watch's first census (a tmux
    // process while the channel is not attached yet) must not delay the first health answer.
    const background = new BackgroundServices(logger);
    background.register(health.task);
    for (const task of services.backgroundTasks) background.register(task);
    background.start();
    cleanups.push(() => background.stop());

    // 7. The fleet: one ssh tunnel per host, reconnecting by itself; each connected host's
    // attention events reach this machine's notifications.
    const hostEvents = new HostEvents(services.notifications, () => services.auth.owner(), logger);
    hosts.follow(hostEvents);
    hosts.start();
    cleanups.push(() => hosts.stop());
    cleanups.push(() => hostEvents.stop());
    hostSessions.start();
    cleanups.push(() => hostSessions.stop());

    logger.info({ version: VERSION, api: config.apiSocket, terminal: config.terminalSocket }, 'rdv-server ready');

    let stopping: Promise<void> | undefined;
    const stop = (reason: string) =>
      (stopping ??= shutdown({
        reason,
        config,
        logger,
        apiServer,
        terminalServer,
        stopWatchdogs,
        cleanups,
      }));
    return { config, logger, stop };
  } catch (error) {
    await runCleanups(cleanups, logger);
    const failure = error instanceof StartAbortedError ? error : explainStartupFailure(error, config);
    if (failure instanceof StartAbortedError) logger.info(failure.message);
    else logger.fatal({ err: error }, failure.message);
    await settleLogger(logger);
    throw failure;
  }
}

/** `[agents] resume_on_start`: agent sessions lost with the tmux server since rdv stopped resume. */
async function resumeLostAgents(sessions: SessionService, logger: DaemonLogger): Promise<void> {
  try {
    const resumed = await sessions.resumeLostAgentsAtStart();
    if (resumed.length) logger.info({ sessions: resumed }, `resumed ${resumed.length} agent session(s)`);
  } catch (error) {
    logger.warn({ err: error }, 'could not resume agent sessions');
  }
}

async function reportOrphans(sessions: SessionService, logger: DaemonLogger): Promise<void> {
  try {
    const orphans = await sessions.orphanTmuxSessions();
    if (orphans.length) logger.warn({ orphans }, `found ${orphans.length} orphaned tmux session(s)`);
  } catch (error) {
    logger.warn({ err: error }, 'could not check for orphaned tmux sessions');
  }
}

/**
 * Graceful shutdown: stop accepting, let in-flight calls finish (bounded), close WebSocket
 * clients with a reason, stop background services, remove sockets and pid file. tmux sessions
 * are left running: they belong to the user, not to this process.
 */
async function shutdown(opts: {
  reason: string;
  config: DaemonConfig;
  logger: DaemonLogger;
  apiServer: ApiServer;
  terminalServer: TerminalServer;
  stopWatchdogs: () => void;
  cleanups: Array<() => Promise<void> | void>;
}): Promise<void> {
  const { logger, apiServer, terminalServer, config } = opts;
  logger.info({ reason: opts.reason }, 'shutting down');
  // Closing a listener removes its socket file, which the watchdogs would otherwise "repair".
  opts.stopWatchdogs();

  const apiClosed = closeServer(apiServer.server);
  const terminalClosed = closeServer(terminalServer.server);
  apiServer.closeStreams();
  apiServer.server.closeIdleConnections();

  const deadline = Date.now() + config.shutdownTimeoutMs;
  while (apiServer.pendingRequests() > 0 && Date.now() < deadline) await sleep(20);
  if (apiServer.pendingRequests() > 0) {
    logger.warn({ pending: apiServer.pendingRequests() }, 'shutdown timeout: abandoning in-flight requests');
  }
  apiServer.server.closeAllConnections();

  terminalServer.closeClients();
  terminalServer.wss.close();
  terminalServer.channels.close();
  // Clients that ignore the close frame are cut off after a short grace period.
  const forced = setTimeout(() => {
    for (const client of [...terminalServer.wss.clients, ...terminalServer.channels.clients]) client.terminate();
    terminalServer.server.closeAllConnections();
  }, 1_000);
  await Promise.all([apiClosed, terminalClosed]);
  clearTimeout(forced);

  await runCleanups(opts.cleanups, logger);
  logger.info('shutdown complete');
  logger.flush();
}

async function runCleanups(cleanups: Array<() => Promise<void> | void>, logger: DaemonLogger): Promise<void> {
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      logger.warn({ err: error }, 'clean-up step failed');
    }
  }
}

/** The part of the configuration the API services use. */
function apiConfig(config: DaemonConfig): ApiConfig {
  return {
    home: config.home,
    historyLimit: config.historyLimit,
    monitoring: {
      intervalMs: config.monitoring.intervalSeconds * 1000,
      stallThresholdSeconds: config.monitoring.stallThresholdSeconds,
    },
    worktrees: {
      allowedRoots: config.worktrees.allowedRoots,
      setupCommand: config.worktrees.setupCommand,
      setupTimeoutMs: config.worktrees.setupTimeoutSeconds * 1000,
    },
    trash: {
      dir: config.cleanup.trashDir,
      retentionDays: config.cleanup.trashRetentionDays,
      cleanupIntervalMs: config.cleanup.cleanupIntervalHours * 3_600_000,
    },
    limits: {
      default: config.limits.default,
      expensive: config.limits.expensive,
      terminal: config.limits.terminal,
      maxSubscriptionsPerToken: config.limits.maxSubscriptionsPerToken,
      authFailures: {
        ...DEFAULT_BACKOFF_POLICY,
        freeFailures: config.limits.authFreeFailures,
        maxMs: config.limits.authBackoffMaxSeconds * 1000,
      },
    },
    audit: { retentionDays: config.audit.retentionDays },
    files: config.files,
    // Holds channel URLs and tokens: secrets, passed on and never logged.
    notifications: config.notifications,
    rotation: {
      intervalMs: config.tokenRotationDays * 86_400_000,
      graceMs: config.serviceTokenGraceSeconds * 1000,
    },
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
