// The daemon's configuration, public for the dashboard's server (apps/web), which reads the same
// config.toml (its `[web]` section and the socket and token paths) with the same validation.
export {
  ConfigError,
  cloudflareIssuer,
  loadConfig,
  resolveHome,
  type CloudflareAccessConfig,
  type DaemonConfig,
  type WebConfig,
} from './load-config.ts';
