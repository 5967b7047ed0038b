import { availableParallelism } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { HOME_FILES } from '@rdv/contract/home';
import { parse, TomlError } from 'smol-toml';
import type { z } from 'zod';
import { defaultConfigToml } from './default-config.ts';
import { expandTilde, resolveInHome } from './home.ts';
import type { NotificationState, WebhookFormat } from '@rdv/contract';
import { configSchema, type RawConfig } from './schema.ts';

export type { NotificationState, WebhookFormat };

/** Longest path a unix socket may have on Linux (sun_path is 108 bytes with the NUL). */
export const MAX_SOCKET_PATH_BYTES = 107;

/** Refusal to start because of the configuration; the message names the key and the reason. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The validated configuration with every path made absolute. */
export interface DaemonConfig {
  home: string;
  configFile: string;
  apiSocket: string;
  terminalSocket: string;
  pidFile: string;
  logFile: string;
  logLevel: RawConfig['server']['log_level'];
  /** server.log rotation: at `maxBytes`, keeping `keep` rotated copies. */
  logRotation: { maxBytes: number; keep: number };
  shutdownTimeoutMs: number;
  databasePath: string;
  serviceTokenFile: string;
  cliTokenFile: string;
  tokenRotationDays: number;
  serviceTokenGraceSeconds: number;
  tmuxSocket: string;
  /** How many tmux servers sessions are spread over (`[tmux] servers`, 0 resolved). */
  tmuxServers: number;
  historyLimit: number;
  monitoring: { intervalSeconds: number; stallThresholdSeconds: number };
  cleanup: { trashRetentionDays: number; cleanupIntervalHours: number; trashDir: string };
  worktrees: { allowedRoots: string[]; setupCommand: string | null; setupTimeoutSeconds: number };
  web: WebConfig;
  limits: LimitsConfig;
  /** `[files]`: upload and download limits, the uploads folder. */
  files: FilesConfig;
  audit: { retentionDays: number };
  notifications: NotificationsConfig;
  /** `[agents]`: agent sessions across restarts. */
  agents: { resumeOnStart: boolean };
  /** Accepted but worth telling: retired keys still present in config.toml. */
  warnings: string[];
}

/** `[limits]`, in the shape the API's AccessGuard takes. */
export interface LimitsConfig {
  default: { burst: number; perSecond: number };
  expensive: { burst: number; perSecond: number };
  terminal: { burst: number; perSecond: number };
  maxSubscriptionsPerToken: number;
  authFreeFailures: number;
  authBackoffMaxSeconds: number;
}

/** `[files]`, in bytes and absolute paths. */
export interface FilesConfig {
  uploadMaxBytes: number;
  downloadMaxBytes: number;
  uploadsDir: string;
}

/** `[notifications]`. Channel URLs and tokens are secrets: never log this object. */
export interface NotificationsConfig {
  /** Base of the links in notifications, without a trailing slash. */
  dashboardUrl: string;
  states: NotificationState[];
  minIntervalMs: number;
  /** Minutes after local midnight, `[start, end)`; may wrap midnight; null for none. */
  quietHours: { startMinute: number; endMinute: number } | null;
  vapidSubject: string;
  ntfy: { url: string; token: string | null } | null;
  webhook: { url: string; format: WebhookFormat } | null;
}

/** `[web]`: read by the dashboard's server (apps/web), not by the daemon. */
export interface WebConfig {
  host: string;
  port: number;
  websocketCompression: boolean;
  /** `[web] trusted_proxies`: IP addresses and CIDR ranges whose forwarded headers are believed. */
  trustedProxies: string[];
  /** `[web] allowed_hosts`: extra `Host` names (lower case, optionally with `:port`). */
  allowedHosts: string[];
  /** Cloudflare Access mode when set; local one-time-login mode when null. */
  cloudflare: CloudflareAccessConfig | null;
}

export interface CloudflareAccessConfig {
  /** `https://<team>.cloudflareaccess.com`: the tokens' `iss`. */
  issuer: string;
  audience: string;
  /** Lower-case addresses, or `*@domain`. */
  allowedEmails: string[];
  certsUrl: string;
  /** The public hostname behind Access, accepted as a `Host`; null when not configured. */
  hostname: string | null;
}

/**
 * Reads `<home>/config.toml` (writing the commented defaults when it is missing), validates
 * it and resolves paths. Throws ConfigError with the offending key; nothing is half-applied.
 */
export function loadConfig(home: string): DaemonConfig {
  const configFile = join(home, HOME_FILES.configFile);
  if (!existsSync(configFile)) writeFileSync(configFile, defaultConfigToml(), { mode: 0o600 });

  let document: unknown;
  try {
    document = parse(readFileSync(configFile, 'utf8'));
  } catch (error) {
    if (error instanceof TomlError) {
      throw new ConfigError(
        `${configFile}: line ${error.line}, column ${error.column}: invalid TOML: ${firstLine(error.message)}`,
      );
    }
    throw new ConfigError(`${configFile}: cannot read: ${(error as Error).message}`);
  }

  const parsed = configSchema.safeParse(document);
  if (!parsed.success) throw new ConfigError(`${configFile}: ${describeIssues(parsed.error)}`);
  return resolveConfig(home, configFile, parsed.data);
}

function resolveConfig(home: string, configFile: string, raw: RawConfig): DaemonConfig {
  const at = (value: string) => resolveInHome(home, value);
  const socket = (key: string, value: string) => {
    const path = at(value);
    if (Buffer.byteLength(path) > MAX_SOCKET_PATH_BYTES) {
      throw new ConfigError(
        `${configFile}: ${key}: socket path "${path}" is longer than ${MAX_SOCKET_PATH_BYTES} bytes; choose a shorter RDV_HOME or path`,
      );
    }
    return path;
  };
  return {
    home,
    configFile,
    apiSocket: socket('server.api_socket', raw.server.api_socket),
    terminalSocket: socket('server.terminal_socket', raw.server.terminal_socket),
    pidFile: at(raw.server.pid_file),
    logFile: at(raw.server.log_file),
    logLevel: raw.server.log_level,
    logRotation: { maxBytes: Math.round(raw.server.log_max_size_mb * 1024 * 1024), keep: raw.server.log_keep },
    shutdownTimeoutMs: raw.server.shutdown_timeout_seconds * 1000,
    databasePath: at(raw.database.path),
    serviceTokenFile: at(raw.auth.service_token_file),
    cliTokenFile: at(raw.auth.cli_token_file),
    tokenRotationDays: raw.auth.token_rotation_days,
    serviceTokenGraceSeconds: raw.auth.service_token_grace_seconds,
    tmuxSocket: socket('tmux.socket', raw.tmux.socket),
    tmuxServers: tmuxServerCount(raw.tmux.servers),
    historyLimit: raw.tmux.history_limit,
    monitoring: {
      intervalSeconds: raw.monitoring.interval_seconds,
      stallThresholdSeconds: raw.monitoring.stall_threshold_seconds,
    },
    cleanup: {
      trashRetentionDays: raw.cleanup.trash_retention_days,
      cleanupIntervalHours: raw.cleanup.cleanup_interval_hours,
      trashDir: at(raw.cleanup.trash_dir),
    },
    worktrees: {
      allowedRoots: raw.worktrees.allowed_roots.map((root, index) => {
        const path = expandTilde(root);
        if (!isAbsolute(path)) {
          throw new ConfigError(
            `${configFile}: worktrees.allowed_roots.${index}: "${root}" must be an absolute path or start with ~`,
          );
        }
        return resolve(path);
      }),
      setupCommand: raw.worktrees.setup_command ?? null,
      setupTimeoutSeconds: raw.worktrees.setup_timeout_seconds,
    },
    web: {
      host: raw.web.host,
      port: raw.web.port,
      websocketCompression: raw.web.websocket_compression,
      trustedProxies: [...new Set(raw.web.trusted_proxies)],
      allowedHosts: [...new Set(raw.web.allowed_hosts)],
      cloudflare: raw.web.cloudflare ? cloudflareConfig(raw.web.cloudflare) : null,
    },
    limits: {
      default: { burst: raw.limits.calls_burst, perSecond: raw.limits.calls_per_second },
      expensive: { burst: raw.limits.expensive_burst, perSecond: raw.limits.expensive_per_second },
      terminal: { burst: raw.limits.terminal_burst, perSecond: raw.limits.terminal_per_second },
      maxSubscriptionsPerToken: raw.limits.max_subscriptions_per_token,
      authFreeFailures: raw.limits.auth_free_failures,
      authBackoffMaxSeconds: raw.limits.auth_backoff_max_seconds,
    },
    files: {
      uploadMaxBytes: Math.round(raw.files.upload_max_mb * 1024 * 1024),
      downloadMaxBytes: Math.round(raw.files.download_max_mb * 1024 * 1024),
      uploadsDir: at(raw.files.uploads_dir),
    },
    audit: { retentionDays: raw.audit.retention_days },
    notifications: notificationsConfig(raw),
    agents: { resumeOnStart: raw.agents.resume_on_start },
    warnings: retiredKeyWarnings(configFile, raw),
  };
}

function notificationsConfig(raw: RawConfig): NotificationsConfig {
  const n = raw.notifications;
  // A wildcard listener is not an address a browser can open: link to this machine instead.
  const host = ['0.0.0.0', '::', '[::]'].includes(raw.web.host) ? '127.0.0.1' : raw.web.host;
  const webHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return {
    dashboardUrl: (n.dashboard_url ?? `http://${webHost}:${raw.web.port}`).replace(/\/+$/, ''),
    states: [...new Set(n.states)],
    minIntervalMs: n.min_interval_seconds * 1000,
    quietHours: n.quiet_hours === undefined ? null : parseQuietHours(n.quiet_hours),
    vapidSubject: n.vapid_subject,
    ntfy: n.ntfy ? { url: n.ntfy.url, token: n.ntfy.token ?? null } : null,
    webhook: n.webhook ? { url: n.webhook.url, format: n.webhook.format } : null,
  };
}

/** `22:00-07:00` → minutes after midnight (already checked against QUIET_HOURS_PATTERN). */
function parseQuietHours(text: string): { startMinute: number; endMinute: number } {
  const [start = '', end = ''] = text.split('-');
  const minutes = (hhmm: string) => {
    const [h = '0', m = '0'] = hhmm.split(':');
    return Number(h) * 60 + Number(m);
  };
  return { startMinute: minutes(start), endMinute: minutes(end) };
}

function retiredKeyWarnings(configFile: string, raw: RawConfig): string[] {
  return raw.database.max_connections === undefined
    ? []
    : [`${configFile}: database.max_connections is no longer used (rdv keeps one SQLite connection); remove it`];
}

/** `myteam`, `myteam.cloudflareaccess.com` or `https://myteam.cloudflareaccess.com/` → the issuer URL. */
export function cloudflareIssuer(teamDomain: string): string {
  const team = teamDomain
    .replace(/^https:\/\//i, '')
    .replace(/\/$/, '')
    .replace(/\.cloudflareaccess\.com$/i, '');
  return `https://${team.toLowerCase()}.cloudflareaccess.com`;
}

function cloudflareConfig(
  raw: NonNullable<RawConfig['web']['cloudflare']>,
): CloudflareAccessConfig {
  const issuer = cloudflareIssuer(raw.team_domain);
  return {
    issuer,
    audience: raw.audience,
    allowedEmails: [...new Set(raw.allowed_emails)],
    certsUrl: raw.certs_url ?? `${issuer}/cdn-cgi/access/certs`,
    hostname: raw.hostname ?? null,
  };
}

/** Validates a parsed TOML document; exported for unit tests of the rules. */
export function validateConfigDocument(document: unknown): RawConfig {
  const parsed = configSchema.safeParse(document);
  if (!parsed.success) throw new ConfigError(describeIssues(parsed.error));
  return parsed.data;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        const where = issue.path.length ? `${issue.path.join('.')}.` : '';
        return issue.keys.map((key) => `${where}${key}: unknown key`).join('; ');
      }
      const key = issue.path.join('.') || '(top level)';
      return `${key}: ${issue.message}`;
    })
    .join('; ');
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

/** Most tmux servers `[tmux] servers = 0` picks. */
export const AUTO_TMUX_SERVERS_MAX = 8;

/**
 * `[tmux] servers`, with 0 resolved: one fewer than the CPU cores (at least 1, at most 8). A
 * tmux server is one thread; more servers keep one session's flood from slowing another's keys,
 * but floods on as many servers as cores could take every core from the daemon (README,
 * Performance): one core stays for it.
 */
export function tmuxServerCount(configured: number, cores = availableParallelism()): number {
  if (configured > 0) return configured;
  return Math.max(1, Math.min(AUTO_TMUX_SERVERS_MAX, cores - 1));
}
