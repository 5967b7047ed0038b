import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { CLIENT_ADDRESS_HEADER, SHARE_VIEWER_HEADER } from '@rdv/contract';
import type { Duplex } from 'node:stream';
import type { AuthOutcome, Authenticator, Identity } from './authenticator.ts';
import { dashboardCsp, newScriptNonce } from './content-security-policy.ts';
import type { DaemonLink } from './daemon-link.ts';
import { hostRouteOf, type FleetDirectory, type HostTarget } from './fleet-routes.ts';
import { refuseUnknownHost, type HostAllowlist } from './host-allowlist.ts';
import { proxyFileRoute, webFileRouteOf, type FileRoute } from './files-proxy.ts';
import { escapeHtml, SECURITY_HEADERS, sendHtml, sendJson, single } from './http-utils.ts';
import { LocalAuth } from './local-auth.ts';
import { isSafeMethod, originAllowed } from './origin.ts';
import { isPublicAsset } from './public-assets.ts';
import { ClientLimiter, refuseUpgradeTooMany, sendTooManyRequests } from './rate-limit.ts';
import type { SessionRevocations } from './session-revocations.ts';
import { isShareRoute, serveShareRoute, SHARE_TERMINAL_PATH } from './share-viewer.ts';
import { pipeUpgrade, TERMINAL_PATH, TerminalRelay } from './terminal-proxy.ts';
import { proxyTrpc, TRPC_PREFIX } from './trpc-proxy.ts';
import { TrustedProxies } from './trusted-proxies.ts';

/** Answers without authentication, and says nothing about the daemon: for supervisors. */
export const HEALTHZ_PATH = '/healthz';
export const LOGIN_PATH = '/login';
/** POST: logs this browser out (its session is revoked on the server, not only forgotten). */
export const LOGOUT_PATH = '/logout';
/** POST: revokes every session issued before now, in every browser. */
export const LOGOUT_EVERYWHERE_PATH = '/logout/everywhere';
/** GET: how the browser logged in and as whom (`{ mode, label }`), for the dashboard to show. */
export const ACCOUNT_PATH = '/api/account';
/** Where a browser goes after logging out behind Cloudflare Access: Access's own sign-out. */
const CLOUDFLARE_LOGOUT_URL = '/cdn-cgi/access/logout';

export type NextHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface WebServerOptions {
  auth: Authenticator;
  daemon: DaemonLink;
  apiSocket: string;
  terminalSocket: string;
  websocketCompression: boolean;
  /** Server-side logout: sessions revoked one by one or all at once. */
  revocations: SessionRevocations;
  /** The `Host` names served; any other gets 421. */
  hosts: HostAllowlist;
  /** The fleet's hosts, reached at `/api/hosts/<name>/...`. @default none (404) */
  fleet?: FleetDirectory;
  /** Peers whose forwarded headers are believed. @default none */
  proxies?: TrustedProxies;
  /** Renders the dashboard (Next.js); reached by authenticated requests and public assets. */
  next: NextHandler;
  /** Next.js's own WebSocket (hot reload in dev mode), after authentication. */
  nextUpgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => Promise<void>;
  /** Next.js development mode: its scripts need eval. */
  dev?: boolean;
  /** Called when a login token was redeemed (local mode), to print the next one. */
  onLogin?: () => void;
  /** Per-client-address request budget and failed-authentication backoff. @default new ClientLimiter() */
  limiter?: ClientLimiter;
  now?: () => number;
  log?: (message: string) => void;
}

/**
 * The one network listener: refuses unknown Host names, authenticates every request, then
 * serves the dashboard (Next.js), proxies the dashboard's tRPC calls to api.sock and the
 * terminal WebSocket to terminal.sock. A request that fails authentication gets 401 and nothing
 * is proxied.
 */
export function createWebServer(opts: WebServerOptions): Server {
  const relay = opts.websocketCompression ? new TerminalRelay() : null;
  const log = opts.log ?? (() => undefined);
  const now = opts.now ?? Date.now;
  const proxies = opts.proxies ?? new TrustedProxies([]);
  const limiter = opts.limiter ?? new ClientLimiter();
  const addressOf = (req: IncomingMessage) => proxies.clientAddress(req);
  const originOk = (req: IncomingMessage, required: boolean) =>
    originAllowed(req, { required, forwardedHost: proxies.forwardedHost(req) });

  const authenticate = async (req: IncomingMessage): Promise<AuthOutcome> => {
    let outcome: AuthOutcome;
    try {
      outcome = await opts.auth.authenticate(req);
    } catch (error) {
      // Cloudflare's keys could not be fetched: no access either.
      return { ok: false, reason: `cannot authenticate: ${(error as Error).message}` };
    }
    if (outcome.ok && opts.revocations.isRevoked(outcome.identity.session))
      return { ok: false, reason: 'this session was logged out', attempted: true };
    return outcome;
  };

  /**
   * The limits, after the credentials were checked (an HMAC or a JWT signature): a valid
   * session has its own budget and never waits for its address's failed logins; anything else
   * is limited per address, and refused while that address backs off.
   */
  const admit = (outcome: AuthOutcome, address: string) =>
    outcome.ok ? limiter.admitSession(outcome.identity.session.id) : limiter.admit(address);

  const server = createServer({ noDelay: true }, (req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    handleRequest(req, res).catch((error: unknown) => {
      log(`request ${req.method} ${req.url} failed: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { error: { message: 'internal error' } });
      else res.destroy();
    });
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = pathOf(req.url);
    if (path === HEALTHZ_PATH) return sendJson(res, 200, { ok: true });
    if (!opts.hosts.allows(single(req.headers.host))) {
      log(`421 ${req.method} ${path}: unknown host ${single(req.headers.host) ?? '(none)'}`);
      return refuseUnknownHost(req, res);
    }
    const address = addressOf(req);
    if (path === LOGIN_PATH && opts.auth instanceof LocalAuth) {
      // Before the token is looked at: a client backing off learns nothing more.
      const admitted = limiter.admit(address);
      if (!admitted.ok) {
        log(`429 ${req.method} ${path}: ${address} is rate limited`);
        return sendTooManyRequests(res, admitted);
      }
      return login(opts.auth, req, res, address);
    }
    // A share link's page: for viewers, who are not users (no login, no cookie is read).
    if (isShareRoute(req.method, path)) {
      const admitted = limiter.admit(address);
      if (!admitted.ok) return sendTooManyRequests(res, admitted);
      return serveShareRoute(path, res);
    }

    const outcome = await authenticate(req);
    const admitted = admit(outcome, address);
    if (!admitted.ok) {
      log(`429 ${req.method} ${path}: ${outcome.ok ? 'session' : address} is rate limited`);
      return sendTooManyRequests(res, admitted);
    }
    if (isPublicAsset(req.method, path)) return opts.next(req, res);
    if (!outcome.ok) {
      if (outcome.attempted) limiter.failed(address);
      return unauthorized(req, res, outcome.reason, outcome.attempted === true);
    }
    if (!isSafeMethod(req.method) && !originOk(req, false)) {
      return sendJson(res, 403, { error: { message: 'cross-site request refused' } });
    }
    const { identity } = outcome;
    if (req.method === 'POST' && (path === LOGOUT_PATH || path === LOGOUT_EVERYWHERE_PATH))
      return logout(res, identity, path === LOGOUT_EVERYWHERE_PATH);
    if (path === ACCOUNT_PATH && isSafeMethod(req.method))
      return sendJson(res, 200, { mode: opts.auth.mode, label: identity.label });
    const hostRoute = hostRouteOf(req.url);
    if (hostRoute) return proxyToHost(hostRoute, req, res);
    if (path.startsWith(TRPC_PREFIX)) return proxyToDaemon(req, res);
    const fileRoute = webFileRouteOf(path);
    if (fileRoute) return proxyFiles(fileRoute, req, res);
    if (path === TERMINAL_PATH) return sendJson(res, 426, { error: { message: 'WebSocket only' } });
    res.setHeader('cache-control', res.getHeader('cache-control') ?? 'private');
    // Next.js takes the nonce from the request's policy and sets it on each script it renders.
    const policy = dashboardCsp(newScriptNonce(), { dev: opts.dev === true });
    req.headers['content-security-policy'] = policy;
    res.setHeader('content-security-policy', policy);
    await opts.next(req, res);
  }

  function logout(res: ServerResponse, identity: Identity, everywhere: boolean): void {
    if (everywhere) opts.revocations.revokeAllBefore(now() + 1);
    else opts.revocations.revoke(identity.session);
    log(`${identity.label} logged out${everywhere ? ' everywhere' : ''}`);
    res.setHeader('set-cookie', opts.auth.clearedCookies());
    const next = opts.auth.mode === 'cloudflare' ? CLOUDFLARE_LOGOUT_URL : '/';
    sendJson(res, 200, { ok: true, next });
  }

  function proxyToDaemon(req: IncomingMessage, res: ServerResponse): void {
    const credentials = opts.daemon.credentialsFor(addressOf(req));
    if (!credentials) return sendJson(res, 503, { error: { message: 'rdv-server is starting' } });
    proxyTrpc(req, res, {
      apiSocket: opts.apiSocket,
      credentials,
      onUnauthorized: () => opts.daemon.serviceToken.invalidate(),
    });
  }

  /**
   * A host's tRPC and file routes: the same allow-list and checks as this machine's, sent to the
   * host's forwarded api.sock with its token. An unknown host is 404, one whose tunnel is not up
   * 502 with its state, so the dashboard can say which.
   */
  async function proxyToHost(
    route: { host: string; url: string },
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const path = pathOf(route.url);
    const fileRoute = webFileRouteOf(path);
    if (!path.startsWith(TRPC_PREFIX) && !fileRoute) {
      if (path === TERMINAL_PATH)
        return sendJson(res, 426, { error: { message: 'WebSocket only' } });
      return sendJson(res, 404, { error: { message: 'no such route' } });
    }
    if (fileRoute && refusedCrossSite(fileRoute, req, res)) return;
    const target = await hostTarget(route.host, `${req.method} ${pathOf(req.url)}`);
    if (!target.ok) return sendJson(res, target.status, hostError(target));
    req.url = route.url;
    const to = {
      apiSocket: target.target.apiSocket,
      credentials: target.target.credentials,
      onUnauthorized: () => undefined,
    };
    if (fileRoute) return proxyFileRoute(fileRoute, req, res, to);
    proxyTrpc(req, res, to);
  }

  async function hostTarget(name: string, what: string) {
    const found = opts.fleet
      ? await opts.fleet.resolve(name)
      : ({
          ok: false,
          status: 404,
          code: 'NOT_FOUND',
          message: `no host named ${name.slice(0, 40)} (this dashboard has no fleet)`,
        } as const);
    if (!found.ok) log(`${found.status} ${what}: ${found.message}`);
    return found;
  }

  /**
   * Uploads must carry an Origin naming this host (browsers send one on every POST): a page
   * elsewhere cannot put files into a session. Downloads refuse a cross-site fetch, so another
   * site cannot make the browser save the owner's files.
   */
  function refusedCrossSite(route: FileRoute, req: IncomingMessage, res: ServerResponse): boolean {
    const crossSite =
      route === 'upload'
        ? !originOk(req, true)
        : single(req.headers['sec-fetch-site']) === 'cross-site';
    if (!crossSite) return false;
    log(
      `403 ${req.method} ${pathOf(req.url)}: cross-site (origin ${req.headers.origin ?? '(none)'})`,
    );
    sendJson(res, 403, { error: { message: 'cross-site request refused', code: 'FORBIDDEN' } });
    return true;
  }

  function proxyFiles(route: FileRoute, req: IncomingMessage, res: ServerResponse): void {
    if (refusedCrossSite(route, req, res)) return;
    const credentials = opts.daemon.credentialsFor(addressOf(req));
    if (!credentials)
      return sendJson(res, 503, {
        error: { message: 'rdv-server is starting', code: 'SERVICE_UNAVAILABLE' },
      });
    proxyFileRoute(route, req, res, {
      apiSocket: opts.apiSocket,
      credentials,
      onUnauthorized: () => opts.daemon.serviceToken.invalidate(),
    });
  }

  function login(
    auth: LocalAuth,
    req: IncomingMessage,
    res: ServerResponse,
    address: string,
  ): void {
    const token = new URL(req.url ?? '/', 'http://x').searchParams.get('token') ?? '';
    if (req.method !== 'GET' || !auth.redeemLoginToken(token)) {
      limiter.failed(address);
      log(`a login link was refused (used, expired or wrong) from ${address}`);
      return sendHtml(
        res,
        401,
        'rdv: login link not valid',
        `<h1>This login link is not valid</h1><p>Each link works once. Use the newest one printed by <code>npm start</code>, or read <code>RDV_HOME/server/web-login-url</code>.</p>`,
      );
    }
    limiter.succeeded(address);
    opts.onLogin?.();
    // A page (not a redirect) takes the browser home: the SameSite=Strict cookie is then sent
    // even when the login link was opened from another site (a mail, a chat).
    sendHtml(
      res,
      200,
      'rdv: logged in',
      `<meta http-equiv="refresh" content="0;url=/"><p>Logged in. <a href="/">Open the dashboard</a>.</p>`,
      { 'set-cookie': auth.sessionCookie({ secure: proxies.isHttps(req) }) },
    );
  }

  function unauthorized(
    req: IncomingMessage,
    res: ServerResponse,
    reason: string,
    badCredentials: boolean,
  ): void {
    log(`401 ${req.method} ${pathOf(req.url)}: ${reason}`);
    const path = pathOf(req.url);
    // Stale credentials (expired, logged out, signed with an older secret) are dropped at once,
    // so they are not presented again on every request and do not run up the failure backoff.
    if (badCredentials) res.setHeader('set-cookie', opts.auth.clearedCookies());
    if (path.startsWith('/api/') || !(req.headers.accept ?? '').includes('text/html')) {
      return sendJson(res, 401, {
        error: {
          message: 'not logged in',
          code: -32001,
          data: { code: 'UNAUTHORIZED', httpStatus: 401 },
        },
      });
    }
    const how =
      opts.auth.mode === 'local'
        ? `Open the one-time login URL that <code>npm start</code> printed (or the one in <code>RDV_HOME/server/web-login-url</code>).`
        : `Sign in through Cloudflare Access with an allowed account.`;
    sendHtml(
      res,
      401,
      'rdv: log in',
      `<h1>Not logged in</h1><p>${how}</p><p><small>${escapeHtml(reason)}</small></p>`,
    );
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    upgrade(req, socket, head).catch((error: unknown) => {
      log(`upgrade failed: ${(error as Error).message}`);
      refuse(socket, 500, 'Internal Server Error');
    });
  });

  /**
   * A share link's viewer: no login and none of the owner's credentials. The daemon hears only
   * that this connection is a viewer's (and from where), and lets it call `shares.watch` alone,
   * with the secret the page sends in the message body.
   */
  function shareUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!opts.hosts.allows(single(req.headers.host)))
      return refuse(socket, 421, 'Misdirected Request');
    if (!originOk(req, true)) {
      log(
        `403 share websocket: origin ${req.headers.origin ?? '(none)'} is not ${req.headers.host ?? '(no host)'}`,
      );
      return refuse(socket, 403, 'Forbidden');
    }
    const address = addressOf(req);
    const admitted = limiter.admit(address);
    if (!admitted.ok) {
      log(`429 share websocket: ${address} is rate limited`);
      return refuseUpgradeTooMany(socket, admitted);
    }
    const target = {
      terminalSocket: opts.terminalSocket,
      credentials: { [SHARE_VIEWER_HEADER]: '1', [CLIENT_ADDRESS_HEADER]: address },
      onUnauthorized: () => undefined,
    };
    if (relay) relay.handleUpgrade(req, socket, head, target);
    else pipeUpgrade(req, socket, head, target);
  }

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (pathOf(req.url) === SHARE_TERMINAL_PATH) return shareUpgrade(req, socket, head);
    const hostRoute = hostRouteOf(req.url);
    const isTerminal = pathOf(hostRoute?.url ?? req.url) === TERMINAL_PATH;
    if (hostRoute && !isTerminal) return refuse(socket, 404, 'Not Found');
    if (!isTerminal && !opts.nextUpgrade) return refuse(socket, 404, 'Not Found');
    if (!opts.hosts.allows(single(req.headers.host))) {
      log(`421 websocket: unknown host ${single(req.headers.host) ?? '(none)'}`);
      return refuse(socket, 421, 'Misdirected Request');
    }
    const address = addressOf(req);
    const outcome = await authenticate(req);
    const admitted = admit(outcome, address);
    if (!admitted.ok) {
      log(`429 websocket: ${outcome.ok ? 'session' : address} is rate limited`);
      return refuseUpgradeTooMany(socket, admitted);
    }
    if (!outcome.ok) {
      if (outcome.attempted) limiter.failed(address);
      log(`401 websocket: ${outcome.reason}`);
      return refuse(socket, 401, 'Unauthorized');
    }
    if (!originOk(req, true)) {
      log(
        `403 websocket: origin ${req.headers.origin ?? '(none)'} is not ${req.headers.host ?? '(no host)'}`,
      );
      return refuse(socket, 403, 'Forbidden');
    }
    if (!isTerminal && opts.nextUpgrade) return opts.nextUpgrade(req, socket, head);
    let target: Parameters<typeof pipeUpgrade>[3];
    if (hostRoute) {
      const found = await hostTarget(hostRoute.host, 'websocket');
      if (!found.ok) return refuse(socket, found.status, STATUS_TEXT[found.status]);
      target = { ...terminalOf(found.target), onUnauthorized: () => undefined };
    } else {
      const credentials = opts.daemon.credentialsFor(address);
      if (!credentials) return refuse(socket, 503, 'Service Unavailable');
      target = {
        terminalSocket: opts.terminalSocket,
        credentials,
        onUnauthorized: () => opts.daemon.serviceToken.invalidate(),
      };
    }
    if (relay) relay.handleUpgrade(req, socket, head, target);
    else pipeUpgrade(req, socket, head, target);
  }

  return server;
}

const STATUS_TEXT = {
  400: 'Bad Request',
  404: 'Not Found',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
} as const;

function terminalOf(target: HostTarget) {
  return { terminalSocket: target.terminalSocket, credentials: target.credentials };
}

/** A host that cannot be reached, as tRPC's client reads an error (and the file routes too). */
function hostError(found: { status: number; code: string; message: string }) {
  return {
    error: {
      message: found.message,
      code: found.code,
      data: { code: found.code, httpStatus: found.status },
    },
  };
}

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const query = raw.indexOf('?');
  return query < 0 ? raw : raw.slice(0, query);
}

function refuse(socket: Duplex, status: number, text: string): void {
  if (socket.destroyed) return;
  socket.end(`HTTP/1.1 ${status} ${text}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
}
