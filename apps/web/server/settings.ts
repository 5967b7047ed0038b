import { homeLayout } from '@rdv/contract/home';
import { DEFAULT_AUTH_BACKOFF } from './rate-limit.ts';
import { loadConfig, resolveHome, type CloudflareAccessConfig } from '@rdv/config';

/** Everything the web server reads from config.toml and the environment, validated once. */
export interface WebSettings {
  home: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  websocketCompression: boolean;
  cloudflare: CloudflareAccessConfig | null;
  /** `[web] trusted_proxies`: peers whose forwarded headers are believed. */
  trustedProxies: string[];
  /** `[web] allowed_hosts`: Host names served besides loopback. */
  allowedHosts: string[];
  apiSocket: string;
  terminalSocket: string;
  serviceTokenFile: string;
  cliTokenFile: string;
  /** The fleet's folder: each host's token and forwarded sockets (see `hostFiles`). */
  hostsDir: string;
  /** HMAC key of the local-mode session cookies; created on first start. */
  secretFile: string;
  /** The current one-time login URL (mode 0600), for a second browser. */
  loginUrlFile: string;
  /** Server-side logouts (mode 0600), kept across restarts. */
  revocationsFile: string;
  /** Failed logins per client address before the backoff starts (`RDV_WEB_AUTH_FREE_FAILURES`). @default 5 */
  authFreeFailures: number;
}

export class SettingsError extends Error {
  override name = 'SettingsError';
}

/**
 * Reads `RDV_HOME/config.toml` with the daemon's own loader (so both validate alike), then
 * applies `RDV_WEB_HOST`, `RDV_WEB_PORT` and `RDV_WEB_AUTH_FREE_FAILURES`.
 */
export function loadWebSettings(env: NodeJS.ProcessEnv = process.env): WebSettings {
  const home = resolveHome(env);
  const config = loadConfig(home);
  // The web server's own files sit beside the daemon's, in `RDV_HOME/server/`.
  const layout = homeLayout(home);
  return {
    home,
    host: env.RDV_WEB_HOST?.trim() || config.web.host,
    port: env.RDV_WEB_PORT?.trim() ? parsePort(env.RDV_WEB_PORT.trim()) : config.web.port,
    websocketCompression: config.web.websocketCompression,
    cloudflare: config.web.cloudflare,
    trustedProxies: config.web.trustedProxies,
    allowedHosts: config.web.allowedHosts,
    apiSocket: config.apiSocket,
    terminalSocket: config.terminalSocket,
    serviceTokenFile: config.serviceTokenFile,
    cliTokenFile: config.cliTokenFile,
    hostsDir: layout.hostsDir,
    secretFile: layout.webSecretFile,
    loginUrlFile: layout.webLoginUrlFile,
    revocationsFile: layout.webRevocationsFile,
    authFreeFailures: env.RDV_WEB_AUTH_FREE_FAILURES?.trim()
      ? parseCount('RDV_WEB_AUTH_FREE_FAILURES', env.RDV_WEB_AUTH_FREE_FAILURES.trim())
      : DEFAULT_AUTH_BACKOFF.freeFailures,
  };
}

function parseCount(name: string, value: string): number {
  if (!/^\d{1,6}$/.test(value)) throw new SettingsError(`${name}: "${value}" is not a count`);
  return Number(value);
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) {
    throw new SettingsError(`RDV_WEB_PORT: "${value}" is not a port number (0-65535)`);
  }
  return port;
}
