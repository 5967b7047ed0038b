import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AuthOutcome, Authenticator, Identity } from './authenticator.ts';
import type { DaemonLink } from './daemon-link.ts';
import { escapeHtml, isHttps, SECURITY_HEADERS, sendHtml, sendJson, single } from './http-utils.ts';
import { LocalAuth } from './local-auth.ts';
import { isSafeMethod, originAllowed } from './origin.ts';
import { isPublicAsset } from './public-assets.ts';
import { ClientLimiter, refuseUpgradeTooMany, sendTooManyRequests } from './rate-limit.ts';
import { pipeUpgrade, TERMINAL_PATH, TerminalRelay } from './terminal-proxy.ts';
import { proxyTrpc, TRPC_PREFIX } from './trpc-proxy.ts';

/** Answers without authentication, and says nothing about the daemon: for supervisors. */
export const HEALTHZ_PATH = '/healthz';
export const LOGIN_PATH = '/login';
export const LOGOUT_PATH = '/logout';

export type NextHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface WebServerOptions {
  auth: Authenticator;
  daemon: DaemonLink;
  apiSocket: string;
  terminalSocket: string;
  websocketCompression: boolean;
  /** Renders the dashboard (Next.js); reached by authenticated requests and public assets. */
  next: NextHandler;
  /** Next.js's own WebSocket (hot reload in dev mode), after authentication. */
  nextUpgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => Promise<void>;
  /** Called when a login token was redeemed (local mode), to print the next one. */
  onLogin?: () => void;
  /** Per-client-address request budget and failed-authentication backoff. @default new ClientLimiter() */
  limiter?: ClientLimiter;
  log?: (message: string) => void;
}

/**
 * The one network listener: authenticates every request, then serves the dashboard (Next.js),
 * proxies tRPC calls to api.sock and the terminal WebSocket to terminal.sock. A request that
 * fails authentication gets 401 and nothing is proxied.
 */
export function createWebServer(opts: WebServerOptions): Server {
  const relay = opts.websocketCompression ? new TerminalRelay() : null;
  const log = opts.log ?? (() => undefined);
  const trustForwardedHost = opts.auth.mode === 'cloudflare';
  const limiter = opts.limiter ?? new ClientLimiter();
  const addressOf = (req: IncomingMessage) => clientAddress(req, trustForwardedHost) ?? 'unknown';

  const authenticate = async (req: IncomingMessage): Promise<AuthOutcome> => {
    try {
      return await opts.auth.authenticate(req);
    } catch (error) {
      // The daemon could not say who the user is (stopped, restarting): no access either.
      return { ok: false, reason: `cannot authenticate: ${(error as Error).message}` };
    }
  };

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
    const address = addressOf(req);
    // Before any verification: a client out of budget or backing off costs nothing more.
    const admitted = limiter.admit(address);
    if (!admitted.ok) {
      log(`429 ${req.method} ${path}: ${address} is rate limited`);
      return sendTooManyRequests(res, admitted);
    }
    if (path === LOGIN_PATH && opts.auth instanceof LocalAuth)
      return login(opts.auth, req, res, address);
    if (isPublicAsset(req.method, path)) return opts.next(req, res);

    const outcome = await authenticate(req);
    if (!outcome.ok) {
      if (outcome.attempted) limiter.failed(address);
      return unauthorized(req, res, outcome.reason, outcome.attempted === true);
    }
    limiter.succeeded(address);
    if (!isSafeMethod(req.method) && !originAllowed(req, { required: false, trustForwardedHost })) {
      return sendJson(res, 403, { error: { message: 'cross-site request refused' } });
    }
    if (path === LOGOUT_PATH && req.method === 'POST') {
      res.setHeader('set-cookie', LocalAuth.clearedCookie());
      return sendJson(res, 200, { ok: true });
    }
    if (path.startsWith(TRPC_PREFIX)) return proxyToDaemon(req, res, outcome.identity);
    if (path === TERMINAL_PATH) return sendJson(res, 426, { error: { message: 'WebSocket only' } });
    res.setHeader('cache-control', res.getHeader('cache-control') ?? 'private');
    await opts.next(req, res);
  }

  function proxyToDaemon(req: IncomingMessage, res: ServerResponse, identity: Identity): void {
    const credentials = opts.daemon.credentialsFor(identity.userId, addressOf(req));
    if (!credentials) return sendJson(res, 503, { error: { message: 'rdv-server is starting' } });
    proxyTrpc(req, res, {
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
      { 'set-cookie': auth.sessionCookie({ secure: isHttps(req) }) },
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
    // A stale local cookie (expired, or signed with an older secret) is dropped at once, so it
    // is not presented again on every request and does not run up the failure backoff.
    if (badCredentials && opts.auth instanceof LocalAuth)
      res.setHeader('set-cookie', LocalAuth.clearedCookie());
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

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const isTerminal = pathOf(req.url) === TERMINAL_PATH;
    if (!isTerminal && !opts.nextUpgrade) return refuse(socket, 404, 'Not Found');
    const address = addressOf(req);
    const admitted = limiter.admit(address);
    if (!admitted.ok) {
      log(`429 websocket: ${address} is rate limited`);
      return refuseUpgradeTooMany(socket, admitted);
    }
    const outcome = await authenticate(req);
    if (!outcome.ok) {
      if (outcome.attempted) limiter.failed(address);
      log(`401 websocket: ${outcome.reason}`);
      return refuse(socket, 401, 'Unauthorized');
    }
    limiter.succeeded(address);
    if (!originAllowed(req, { required: true, trustForwardedHost })) {
      log(
        `403 websocket: origin ${req.headers.origin ?? '(none)'} is not ${req.headers.host ?? '(no host)'}`,
      );
      return refuse(socket, 403, 'Forbidden');
    }
    if (!isTerminal && opts.nextUpgrade) return opts.nextUpgrade(req, socket, head);
    const credentials = opts.daemon.credentialsFor(outcome.identity.userId, address);
    if (!credentials) return refuse(socket, 503, 'Service Unavailable');
    const target = {
      terminalSocket: opts.terminalSocket,
      credentials,
      onUnauthorized: () => opts.daemon.serviceToken.invalidate(),
    };
    if (relay) relay.handleUpgrade(req, socket, head, target);
    else pipeUpgrade(req, socket, head, target);
  }

  return server;
}

/**
 * The browser's address: Cloudflare's `Cf-Connecting-IP` behind Access, else the socket's peer.
 * It keys the limits here and goes to the daemon as `x-rdv-client-address` (any copy the browser
 * sent is dropped by `upstreamHeaders`).
 */
export function clientAddress(req: IncomingMessage, behindCloudflare: boolean): string | undefined {
  const forwarded = behindCloudflare ? single(req.headers['cf-connecting-ip']) : undefined;
  return forwarded ?? req.socket.remoteAddress;
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
