// `@rdv/config`: config.toml (schema, defaults, loader) and RDV_HOME, for every process that
// reads them: the daemon, the dashboard's server (its `[web]` section, the socket and token
// paths) and, through `@rdv/config/paths`, the CLI and the client.
export {
  ConfigError,
  MAX_SOCKET_PATH_BYTES,
  cloudflareIssuer,
  loadConfig,
  tmuxServerCount,
  validateConfigDocument,
  type CloudflareAccessConfig,
  type DaemonConfig,
  type FilesConfig,
  type LimitsConfig,
  type NotificationState,
  type NotificationsConfig,
  type WebhookFormat,
  type WebConfig,
} from './load-config.ts';
export { defaultConfigToml } from './default-config.ts';
export { DEFAULTS } from './defaults.ts';
export {
  configSchema,
  NOTIFICATION_STATES,
  QUIET_HOURS_PATTERN,
  WEBHOOK_FORMATS,
  type RawConfig,
} from './schema.ts';
export { expandTilde, readHomePaths, resolveHome, resolveInHome } from './paths.ts';
