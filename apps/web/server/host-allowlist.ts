import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml, sendHtml, single } from './http-utils.ts';

/** Names that always reach this machine; accepted with the web server's own port only. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The `Host` names the dashboard answers to. A DNS-rebinding page (evil.example resolving to
 * 127.0.0.1) reaches the web server with its own name in `Host`; refusing unknown names keeps
 * such a page from ever loading the dashboard or a login link under its origin.
 */
export class HostAllowlist {
  private readonly anyPort = new Set<string>();
  private readonly exact = new Set<string>();

  /**
   * @param opts.port the port the server listens on (known after listen when 0 was asked for)
   * @param opts.allowed `[web] allowed_hosts`, the Cloudflare hostname and the listen address:
   *   `name` allows that name on any port, `name:port` on that port only
   */
  constructor(private readonly opts: { port: () => number; allowed: readonly string[] }) {
    for (const entry of opts.allowed) {
      const host = entry.toLowerCase();
      if (/:\d+$/.test(host)) this.exact.add(host);
      else this.anyPort.add(host);
    }
  }

  allows(header: string | undefined): boolean {
    if (!header) return false;
    const host = header.trim().toLowerCase();
    const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(host);
    if (!match) return false;
    const name = match[1]!;
    const port = match[2];
    if (LOOPBACK_NAMES.includes(name) && port === String(this.opts.port())) return true;
    return this.anyPort.has(name) || this.exact.has(host);
  }
}

/** The configured names to allow besides loopback: allowed_hosts, Cloudflare's, a fixed listen address. */
export function configuredHosts(settings: {
  host: string;
  allowedHosts: readonly string[];
  cloudflareHostname: string | null;
}): string[] {
  const hosts = [...settings.allowedHosts];
  if (settings.cloudflareHostname) hosts.push(settings.cloudflareHostname);
  const listen = settings.host.toLowerCase();
  if (listen !== '0.0.0.0' && listen !== '::')
    hosts.push(listen.includes(':') ? `[${listen}]` : listen);
  return hosts;
}

/** 421 Misdirected Request: this server is not the one that name is meant for. */
export function refuseUnknownHost(req: IncomingMessage, res: ServerResponse): void {
  const host = single(req.headers.host) ?? '(none)';
  sendHtml(
    res,
    421,
    'rdv: unknown host name',
    `<h1>Unknown host name</h1><p><code>${escapeHtml(host)}</code> is not a name this dashboard answers to. Open it as <code>localhost</code> or <code>127.0.0.1</code>, or, if you reach it under this name on purpose, add the name to <code>[web] allowed_hosts</code> in <code>RDV_HOME/config.toml</code>.</p>`,
  );
}
