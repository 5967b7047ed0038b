import { DEFAULT_DOWNLOAD_MAX_BYTES, DEFAULT_UPLOAD_MAX_BYTES } from '@rdv/contract';
import { HOME_FILES } from '@rdv/contract/home';

const MIB = 1024 * 1024;

/** Defaults for every key, so an empty or missing config.toml is a complete configuration. */
export const DEFAULTS = {
  server: {
    api_socket: HOME_FILES.apiSocket,
    terminal_socket: HOME_FILES.terminalSocket,
    pid_file: HOME_FILES.pidFile,
    log_file: HOME_FILES.logFile,
    log_level: 'info',
    log_max_size_mb: 10,
    log_keep: 5,
    shutdown_timeout_seconds: 10,
  },
  database: { path: HOME_FILES.databaseFile },
  auth: {
    service_token_file: HOME_FILES.serviceTokenFile,
    cli_token_file: HOME_FILES.cliTokenFile,
    token_rotation_days: 30,
    service_token_grace_seconds: 300,
  },
  tmux: { socket: HOME_FILES.tmuxSocket, history_limit: 10_000, servers: 0 },
  monitoring: { interval_seconds: 30, stall_threshold_seconds: 300 },
  cleanup: { trash_retention_days: 30, cleanup_interval_hours: 24, trash_dir: HOME_FILES.trashDir },
  worktrees: { allowed_roots: ['~'], setup_timeout_seconds: 600 },
  web: {
    host: '127.0.0.1',
    port: 4780,
    websocket_compression: false,
    trusted_proxies: [] as string[],
    allowed_hosts: [] as string[],
  },
  limits: {
    calls_per_second: 100,
    calls_burst: 600,
    expensive_per_second: 2,
    expensive_burst: 60,
    terminal_per_second: 1_000,
    terminal_burst: 4_000,
    max_subscriptions_per_token: 256,
    auth_free_failures: 5,
    auth_backoff_max_seconds: 300,
  },
  files: {
    upload_max_mb: DEFAULT_UPLOAD_MAX_BYTES / MIB,
    download_max_mb: DEFAULT_DOWNLOAD_MAX_BYTES / MIB,
    uploads_dir: HOME_FILES.uploadsDir,
  },
  audit: { retention_days: 90 },
  notifications: {
    states: ['waiting', 'permission', 'stalled', 'error', 'finished'] as string[],
    min_interval_seconds: 15,
    vapid_subject: 'mailto:rdv@localhost',
  },
  agents: { resume_on_start: false },
} as const;
