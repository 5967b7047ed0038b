import { z } from 'zod';
import { NOTIFICATION_STATES, WEBHOOK_FORMATS } from '@rdv/contract';
import { DEFAULTS } from './defaults.ts';

export { DEFAULTS };

const path = z.string().trim().min(1, 'must not be empty').max(1024, 'is too long');
/** A whole number in [min, max], with messages a person can act on. */
const int = (min: number, max: number) =>
  z
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
/** Calls per second: fractions allowed (0.5 = one every two seconds). */
const rate = z
  .number({ error: 'must be a number' })
  .positive('must be more than 0')
  .max(1_000_000, 'must be at most 1000000');
/** A size in MiB: fractions allowed, at least one KiB, at most 10 GiB. */
const megabytes = z
  .number({ error: 'must be a number' })
  .min(1 / 1024, 'must be at least 0.001 (1 KiB)')
  .max(10_240, 'must be at most 10240 (10 GiB)');
// A missing section parses as {} so its keys take their defaults.
const section = <T extends z.ZodRawShape>(shape: T) =>
  z.strictObject(shape).prefault({} as z.input<z.ZodObject<T, z.core.$strict>>);

/** A Cloudflare Access team: `myteam`, `myteam.cloudflareaccess.com` or its https URL. */
const TEAM_DOMAIN_PATTERN =
  /^(https:\/\/)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.cloudflareaccess\.com)?\/?$/i;
/** An allowed person: an email address, or `*@example.com` for everyone at a domain. */
const ALLOWED_EMAIL_PATTERN = /^(\*|[^\s@*]+)@[^\s@*]+\.[^\s@*]+$/;

/** A DNS name or IP literal, optionally with `:port` (IPv6 in brackets): a `Host` header value. */
const HOST_NAME_PATTERN =
  /^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*)(:\d{1,5})?$/;
const proxyAddress = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], {
  error: 'must be an IP address or a CIDR range such as 10.0.0.0/8',
});

/** `[web.cloudflare]`: Cloudflare Access in front of the dashboard; absent means local login. */
const cloudflareSchema = z.strictObject({
  team_domain: z
    .string({ error: 'must be a string' })
    .trim()
    .regex(TEAM_DOMAIN_PATTERN, 'must be your team name or <team>.cloudflareaccess.com'),
  /** The application's Audience (AUD) tag. */
  audience: z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(256, 'is too long'),
  allowed_emails: z
    .array(
      z
        .string({ error: 'must be a string' })
        .trim()
        .toLowerCase()
        .regex(ALLOWED_EMAIL_PATTERN, 'must be an email address or *@domain'),
      { error: 'must be a list of email addresses' },
    )
    .min(1, 'must list at least one email address')
    .max(1000, 'lists at most 1000 addresses'),
  /** Where the signing keys are; @default https://<team>.cloudflareaccess.com/cdn-cgi/access/certs */
  certs_url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  /** The public hostname Cloudflare serves the dashboard on: a Host the web server accepts. */
  hostname: z
    .string({ error: 'must be a string' })
    .trim()
    .toLowerCase()
    .regex(HOST_NAME_PATTERN, 'must be a host name such as rdv.example.com')
    .optional(),
});

/** `[web]`: the dashboard's network listener (the only one rdv opens) and its login. */
const webSchema = section({
  host: z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(253, 'is too long')
    .default(DEFAULTS.web.host),
  /** 0 picks a free port. */
  port: int(0, 65_535).default(DEFAULTS.web.port),
  /** Offer permessage-deflate on the terminal WebSocket (costs CPU; rarely worth it on a LAN). */
  websocket_compression: z
    .boolean({ error: 'must be true or false' })
    .default(DEFAULTS.web.websocket_compression),
  /**
   * Peers whose `Cf-Connecting-Ip` / `X-Forwarded-*` headers are believed (cloudflared, a
   * reverse proxy); from anyone else those headers are ignored.
   */
  trusted_proxies: z
    .array(proxyAddress, { error: 'must be a list of IP addresses' })
    .max(64, 'lists at most 64 addresses')
    .default([...DEFAULTS.web.trusted_proxies]),
  /** Host names (beyond localhost, 127.0.0.1 and [::1] on the web port) the dashboard answers to. */
  allowed_hosts: z
    .array(
      z
        .string({ error: 'must be a string' })
        .trim()
        .toLowerCase()
        .regex(HOST_NAME_PATTERN, 'must be a host name such as rdv.example.com or host:port'),
      { error: 'must be a list of host names' },
    )
    .max(64, 'lists at most 64 host names')
    .default([...DEFAULTS.web.allowed_hosts]),
  cloudflare: cloudflareSchema.optional(),
});

export { NOTIFICATION_STATES, WEBHOOK_FORMATS };
/** `HH:MM-HH:MM`, 24-hour local time; the range may wrap midnight (`22:00-07:00`). */
export const QUIET_HOURS_PATTERN = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;

// Channel URLs are secrets (a Slack or Discord webhook URL is its own credential): messages say
// what is wrong and never repeat the value.
const channelUrl = z
  .string({ error: 'must be a string' })
  .trim()
  .max(2048, 'is too long')
  .refine((value) => /^https?:\/\/[^\s]+$/i.test(value) && URL.canParse(value), 'must be an http(s) URL');
const secret = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, 'must not be empty (omit the key for none)')
  .max(512, 'is too long');

/** `[notifications]`: where a session that needs its person is announced (see the README). */
const notificationsSchema = section({
  /** Base of the link in each notification; @default `http://<web.host>:<web.port>` */
  dashboard_url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  states: z
    .array(z.enum(NOTIFICATION_STATES, { error: `must be one of ${NOTIFICATION_STATES.join(', ')}` }), {
      error: 'must be a list of states',
    })
    .max(NOTIFICATION_STATES.length, 'lists each state once')
    .default([...DEFAULTS.notifications.states] as (typeof NOTIFICATION_STATES)[number][]),
  /** One notification per session at most this often; a later one waits, then goes if still true. */
  min_interval_seconds: int(0, 86_400).default(DEFAULTS.notifications.min_interval_seconds),
  quiet_hours: z
    .string({ error: 'must be a string' })
    .trim()
    .regex(QUIET_HOURS_PATTERN, 'must be HH:MM-HH:MM, such as 22:00-07:00')
    .optional(),
  /** The VAPID `sub` claim: how a push service can reach the operator. */
  vapid_subject: z
    .string({ error: 'must be a string' })
    .trim()
    .regex(/^(mailto:\S+@\S+|https:\/\/\S+)$/, 'must be a mailto: or https: URL')
    .default(DEFAULTS.notifications.vapid_subject),
  ntfy: z
    .strictObject({ url: channelUrl, token: secret.optional() })
    .optional(),
  webhook: z
    .strictObject({
      url: channelUrl,
      format: z
        .enum(WEBHOOK_FORMATS, { error: `must be one of ${WEBHOOK_FORMATS.join(', ')}` })
        .default('json'),
    })
    .optional(),
});

/**
 * The shape of `config.toml`. Sections and keys follow the design; unknown keys are refused so
 * a typo is reported instead of silently ignored. Relative paths resolve against RDV_HOME.
 */
export const configSchema = z.strictObject({
  server: section({
    api_socket: path.default(DEFAULTS.server.api_socket),
    terminal_socket: path.default(DEFAULTS.server.terminal_socket),
    pid_file: path.default(DEFAULTS.server.pid_file),
    log_file: path.default(DEFAULTS.server.log_file),
    log_level: z
      .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal'])
      .default(DEFAULTS.server.log_level),
    /** server.log is rotated when it reaches this size (fractions allowed: 0.5 = 512 KiB). */
    log_max_size_mb: z
      .number({ error: 'must be a number' })
      .min(0.1, 'must be at least 0.1')
      .max(10_000, 'must be at most 10000')
      .default(DEFAULTS.server.log_max_size_mb),
    /** Rotated logs kept (server.log.1 … server.log.N); older ones are deleted. */
    log_keep: int(1, 100).default(DEFAULTS.server.log_keep),
    shutdown_timeout_seconds: z
      .number({ error: 'must be a number' })
      .positive('must be more than 0')
      .max(600, 'must be at most 600')
      .default(DEFAULTS.server.shutdown_timeout_seconds),
  }),
  database: section({
    path: path.default(DEFAULTS.database.path),
    /**
     * Retired: rdv keeps one SQLite connection (one writer is all SQLite has). Still accepted so
     * that config.toml files written by earlier versions start; a warning says to remove it.
     */
    max_connections: z.unknown().optional(),
  }),
  auth: section({
    service_token_file: path.default(DEFAULTS.auth.service_token_file),
    cli_token_file: path.default(DEFAULTS.auth.cli_token_file),
    token_rotation_days: int(1, 3650).default(DEFAULTS.auth.token_rotation_days),
    /** After a rotation the previous service token is still accepted this long. */
    service_token_grace_seconds: int(0, 86_400).default(DEFAULTS.auth.service_token_grace_seconds),
  }),
  tmux: section({
    socket: path.default(DEFAULTS.tmux.socket),
    history_limit: int(100, 1_000_000).default(DEFAULTS.tmux.history_limit),
    /**
     * Sessions are spread over this many tmux servers (socket, socket-1, ...): one loop each.
     * 0: one fewer than the CPU cores, at most 8 (see tmuxServerCount).
     */
    servers: int(0, 64).default(DEFAULTS.tmux.servers),
  }),
  monitoring: section({
    interval_seconds: int(1, 86_400).default(DEFAULTS.monitoring.interval_seconds),
    stall_threshold_seconds: int(10, 7 * 86_400).default(
      DEFAULTS.monitoring.stall_threshold_seconds,
    ),
  }),
  cleanup: section({
    trash_retention_days: int(0, 3650).default(DEFAULTS.cleanup.trash_retention_days),
    cleanup_interval_hours: int(1, 24 * 30).default(DEFAULTS.cleanup.cleanup_interval_hours),
    trash_dir: path.default(DEFAULTS.cleanup.trash_dir),
  }),
  worktrees: section({
    /** Absolute or "~"-relative folders; repositories and worktrees must resolve inside one. */
    allowed_roots: z
      .array(path, { error: 'must be a list of paths' })
      .min(1, 'must list at least one folder')
      .max(64, 'lists at most 64 folders')
      .default([...DEFAULTS.worktrees.allowed_roots]),
    /** Run with /bin/sh -c in every new worktree; omit for none. */
    setup_command: z
      .string({ error: 'must be a string' })
      .trim()
      .min(1, 'must not be empty (omit the key for none)')
      .max(4096, 'is too long')
      .refine((command) => !command.includes('\0'), 'must not contain NUL')
      .optional(),
    setup_timeout_seconds: int(1, 3600).default(DEFAULTS.worktrees.setup_timeout_seconds),
  }),
  web: webSchema,
  /** Budgets per token (calls, expensive calls, terminal input) and for failed authentication. */
  limits: section({
    calls_per_second: rate.default(DEFAULTS.limits.calls_per_second),
    calls_burst: int(1, 1_000_000).default(DEFAULTS.limits.calls_burst),
    expensive_per_second: rate.default(DEFAULTS.limits.expensive_per_second),
    expensive_burst: int(1, 1_000_000).default(DEFAULTS.limits.expensive_burst),
    terminal_per_second: rate.default(DEFAULTS.limits.terminal_per_second),
    terminal_burst: int(1, 1_000_000).default(DEFAULTS.limits.terminal_burst),
    max_subscriptions_per_token: int(1, 100_000).default(
      DEFAULTS.limits.max_subscriptions_per_token,
    ),
    auth_free_failures: int(0, 1_000_000).default(DEFAULTS.limits.auth_free_failures),
    auth_backoff_max_seconds: int(1, 86_400).default(DEFAULTS.limits.auth_backoff_max_seconds),
  }),
  /** Files dropped or pasted onto a terminal (uploads), and downloads from a session's folder. */
  files: section({
    /** The largest upload, in MiB (fractions allowed: 0.5 = 512 KiB). */
    upload_max_mb: megabytes.default(DEFAULTS.files.upload_max_mb),
    /** The largest download, in MiB. */
    download_max_mb: megabytes.default(DEFAULTS.files.download_max_mb),
    /** Where uploads go, one folder per session (mode 0700); relative to RDV_HOME. */
    uploads_dir: path.default(DEFAULTS.files.uploads_dir),
  }),
  audit: section({
    retention_days: int(1, 3650).default(DEFAULTS.audit.retention_days),
  }),
  notifications: notificationsSchema,
  agents: section({
    /**
     * At daemon start, restart the agent sessions that were live when the daemon stopped and
     * whose tmux is gone (a reboot) with their agent's resume flag, when a hook told rdv the
     * conversation id.
     */
    resume_on_start: z
      .boolean({ error: 'must be true or false' })
      .default(DEFAULTS.agents.resume_on_start),
  }),
});

export type RawConfig = z.infer<typeof configSchema>;
