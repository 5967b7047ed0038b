// The dashboard reaches a host of the fleet through the web server: `/api/hosts/<name>/...` is
// what `/api/...` is for this machine (tRPC, the terminal WebSocket, files), forwarded to the
// host's sockets that the home daemon's ssh tunnel keeps in RDV_HOME/hosts/sockets, with the
// token that host gave this home. The token is read from its 0600 file here, for each request;
// it never reaches the browser or a log line.
import { readFileSync } from 'node:fs';
import { request, type OutgoingHttpHeaders } from 'node:http';
import { isHostName, WEB_HOST_ROUTE_PREFIX } from '@rdv/contract';
import { hostFiles } from '@rdv/contract/home';

/** Where one host's calls go: its forwarded sockets and its token's header. */
export interface HostTarget {
  apiSocket: string;
  terminalSocket: string;
  credentials: OutgoingHttpHeaders;
}

export type HostLookup =
  | { ok: true; target: HostTarget }
  | { ok: false; status: 400 | 404 | 502 | 503; code: string; message: string };

/** Finds a host by name for a request: whether it exists, is connected, and how to reach it. */
export interface FleetDirectory {
  resolve(name: string): Promise<HostLookup>;
}

/**
 * `/api/hosts/gpu/trpc/sessions.list?x` → `{ host: 'gpu', url: '/api/trpc/sessions.list?x' }`:
 * the host's name (not yet checked) and the URL as this machine's routes spell it. Null for
 * any other URL. The name is one path segment, taken literally (no decoding).
 */
export function hostRouteOf(url: string | undefined): { host: string; url: string } | null {
  const raw = url ?? '/';
  if (!raw.startsWith(WEB_HOST_ROUTE_PREFIX)) return null;
  const rest = raw.slice(WEB_HOST_ROUTE_PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return null;
  return { host: rest.slice(0, slash), url: `/api${rest.slice(slash)}` };
}

/** What the home daemon's `hosts.list` says of a host that the web server needs. */
interface HostState {
  name: string;
  state: string;
  reason: string | null;
}

/** How long the home daemon's host list is reused: a page's burst of calls asks it once. */
const HOSTS_TTL_MS = 1_000;
const HOSTS_TIMEOUT_MS = 5_000;

/**
 * The fleet as the home daemon knows it: a host exists when its `hosts.list` names it, and is
 * reached only while its state is `connected` (else the answer says which state and why).
 */
export class HomeFleet implements FleetDirectory {
  private cached: { at: number; hosts: Promise<HostState[] | null> } | null = null;

  constructor(
    private readonly opts: {
      hostsDir: string;
      apiSocket: string;
      /** The home daemon's credentials (the service token); undefined while it starts. */
      credentials: () => OutgoingHttpHeaders | undefined;
      /** The home daemon refused them (its service token was rotated): read it again next time. */
      onUnauthorized?: () => void;
      now?: () => number;
    },
  ) {}

  async resolve(name: string): Promise<HostLookup> {
    if (!isHostName(name))
      return {
        ok: false,
        status: 400,
        code: 'BAD_REQUEST',
        message: `"${name.slice(0, 40)}" is not a host name`,
      };
    const hosts = await this.hosts();
    if (!hosts)
      return {
        ok: false,
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
        message: 'rdv-server is not reachable, and hosts are reached through it',
      };
    const host = hosts.find((candidate) => candidate.name === name);
    if (!host)
      return {
        ok: false,
        status: 404,
        code: 'NOT_FOUND',
        message: `no host named ${name} (rdv host list)`,
      };
    if (host.state !== 'connected') {
      const why = host.reason ? `: ${host.reason}` : '';
      return {
        ok: false,
        status: 502,
        code: 'SERVICE_UNAVAILABLE',
        message: `host ${name} is ${host.state.replace('_', ' ')}${why}`,
      };
    }
    const files = hostFiles(this.opts.hostsDir, name);
    let token: string;
    try {
      token = readFileSync(files.tokenFile, 'utf8').trim();
    } catch {
      token = '';
    }
    if (!token)
      return {
        ok: false,
        status: 502,
        code: 'SERVICE_UNAVAILABLE',
        message: `host ${name} has no token in this home (rdv host remove ${name}, then add it again)`,
      };
    return {
      ok: true,
      target: {
        apiSocket: files.apiSocket,
        terminalSocket: files.terminalSocket,
        credentials: { authorization: `Bearer ${token}` },
      },
    };
  }

  private hosts(): Promise<HostState[] | null> {
    const now = (this.opts.now ?? Date.now)();
    if (this.cached && now - this.cached.at < HOSTS_TTL_MS) return this.cached.hosts;
    const hosts = this.fetchHosts();
    this.cached = { at: now, hosts };
    // A failed look is not kept: the next request asks again.
    void hosts.then((found) => {
      if (!found && this.cached?.hosts === hosts) this.cached = null;
    });
    return hosts;
  }

  private fetchHosts(): Promise<HostState[] | null> {
    const credentials = this.opts.credentials();
    if (!credentials) return Promise.resolve(null);
    return new Promise((resolve) => {
      const req = request(
        {
          socketPath: this.opts.apiSocket,
          method: 'GET',
          path: '/hosts.list',
          headers: { host: 'localhost', ...credentials },
          timeout: HOSTS_TIMEOUT_MS,
        },
        (res) => {
          if (res.statusCode === 401) this.opts.onUnauthorized?.();
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            try {
              const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
                result?: { data?: HostState[] };
              };
              resolve(
                res.statusCode === 200 && Array.isArray(body.result?.data)
                  ? body.result.data
                  : null,
              );
            } catch {
              resolve(null);
            }
          });
          res.on('error', () => resolve(null));
        },
      );
      req.on('timeout', () => req.destroy());
      req.on('error', () => resolve(null));
      req.end();
    });
  }
}
