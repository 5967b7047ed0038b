#!/usr/bin/env node
// The dashboard's server: `npm start` runs this (through bin/rdv-web.js, which builds it first).
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import next from 'next';
import { ConfigError } from '@rdv/config';
import type { Authenticator } from './authenticator.ts';
import { CloudflareAuth } from './cloudflare-auth.ts';
import { DaemonLink } from './daemon-link.ts';
import { HomeFleet } from './fleet-routes.ts';
import { configuredHosts, HostAllowlist } from './host-allowlist.ts';
import { DaemonStartError, ensureDaemon } from './daemon-launcher.ts';
import { LocalAuth, loadOrCreateSecret } from './local-auth.ts';
import { ClientLimiter, DEFAULT_AUTH_BACKOFF } from './rate-limit.ts';
import { SessionRevocations } from './session-revocations.ts';
import { loadWebSettings, SettingsError, type WebSettings } from './settings.ts';
import { TrustedProxies } from './trusted-proxies.ts';
import { createWebServer, LOGIN_PATH } from './web-server.ts';

/** The Next.js app folder (apps/web), from server/ or from dist/. */
const WEB_ROOT = fileURLToPath(new URL('..', import.meta.url));

const HELP = `rdv-web: the rdv dashboard (and rdv-server, if it is not running yet)

Usage: npm start [-- options]

Starts rdv-server unless one is running for RDV_HOME, then serves the dashboard on
[web] host/port of RDV_HOME/config.toml (default http://127.0.0.1:4780) and prints a one-time
login URL (unless Cloudflare Access is configured in [web.cloudflare]). Ctrl-C stops both.

Options:
  --no-daemon   do not start rdv-server (use one started separately)
  --dev         Next.js development mode (hot reload)
  -h, --help    show this help

Environment:
  RDV_HOME      rdv's folder (default ~/.rdv)
  RDV_WEB_HOST  overrides [web] host
  RDV_WEB_PORT  overrides [web] port (0: any free port)
  RDV_WEB_AUTH_FREE_FAILURES  failed logins per client address before backing off (default 5)
`;

const log = (line: string) => process.stderr.write(`rdv-web: ${line}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      help: { type: 'boolean', short: 'h' },
      'no-daemon': { type: 'boolean' },
      dev: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) return void process.stdout.write(HELP);
  process.env.NEXT_TELEMETRY_DISABLED ??= '1';

  const daemonChild = values['no-daemon'] ? null : await ensureDaemon(process.env, log);
  const settings = loadWebSettings(process.env);
  const daemon = new DaemonLink(settings);
  const auth: Authenticator = settings.cloudflare
    ? new CloudflareAuth(settings.cloudflare)
    : new LocalAuth({ secret: loadOrCreateSecret(settings.secretFile) });
  const revocations = SessionRevocations.load(settings.revocationsFile, { log });

  const dev = values.dev === true;
  const app = next({
    dev,
    dir: WEB_ROOT,
    hostname: settings.host,
    port: settings.port || undefined,
    quiet: !dev,
  });
  await app.prepare();
  const handle = app.getRequestHandler();

  let baseUrl = '';
  let port = settings.port;
  const server = createWebServer({
    auth,
    daemon,
    revocations,
    hosts: new HostAllowlist({
      port: () => port,
      allowed: configuredHosts({
        host: settings.host,
        allowedHosts: settings.allowedHosts,
        cloudflareHostname: settings.cloudflare?.hostname ?? null,
      }),
    }),
    proxies: new TrustedProxies(settings.trustedProxies),
    fleet: new HomeFleet({
      hostsDir: settings.hostsDir,
      apiSocket: settings.apiSocket,
      credentials: () => daemon.credentialsFor(),
      onUnauthorized: () => daemon.serviceToken.invalidate(),
    }),
    dev,
    apiSocket: settings.apiSocket,
    terminalSocket: settings.terminalSocket,
    websocketCompression: settings.websocketCompression,
    limiter: new ClientLimiter({
      authBackoff: { ...DEFAULT_AUTH_BACKOFF, freeFailures: settings.authFreeFailures },
    }),
    next: (req, res) => handle(req, res),
    nextUpgrade: dev ? app.getUpgradeHandler() : undefined,
    onLogin: () => {
      if (auth instanceof LocalAuth) {
        writeLoginUrl(settings, `${baseUrl}${LOGIN_PATH}?token=${auth.issueLoginToken()}`);
        log(`a login link was used; the next one is in ${settings.loginUrlFile}`);
      }
    },
    log,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  baseUrl = urlFor(settings.host, port);

  if (auth instanceof LocalAuth) {
    const loginUrl = `${baseUrl}${LOGIN_PATH}?token=${auth.issueLoginToken()}`;
    writeLoginUrl(settings, loginUrl);
    process.stdout.write(
      `rdv dashboard: ${baseUrl}/\nOpen this one-time login URL:\n${loginUrl}\n`,
    );
  } else {
    process.stdout.write(
      `rdv dashboard: ${baseUrl}/ (Cloudflare Access, issuer ${settings.cloudflare?.issuer})\n`,
    );
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    server.close();
    server.closeAllConnections();
    void (async () => {
      await app.close().catch(() => undefined);
      if (daemonChild) await daemonChild.stop();
      process.exit(0);
    })();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  void daemonChild?.exited.then(({ code }) => {
    if (!stopping)
      log(
        `rdv-server exited (code ${code}); the dashboard stays up and reconnects when it is back`,
      );
  });
}

function writeLoginUrl(settings: WebSettings, url: string): void {
  writeFileSync(settings.loginUrlFile, `${url}\n`, { mode: 0o600 });
}

/** The URL a browser on this machine uses: a wildcard address becomes loopback. */
function urlFor(host: string, port: number): string {
  const shown =
    host === '0.0.0.0'
      ? '127.0.0.1'
      : host === '::'
        ? '[::1]'
        : host.includes(':')
          ? `[${host}]`
          : host;
  return `http://${shown}:${port}`;
}

main().catch((error: unknown) => {
  const known =
    error instanceof ConfigError ||
    error instanceof SettingsError ||
    error instanceof DaemonStartError;
  log(known ? error.message : `failed to start: ${(error as Error).stack ?? String(error)}`);
  process.exit(known ? 2 : 1);
});
