import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { single } from './http-utils.ts';

/**
 * `[web] trusted_proxies`: the peers (cloudflared, a reverse proxy) whose forwarded headers
 * (`Cf-Connecting-Ip`, `X-Forwarded-For`, `-Host`, `-Proto`) are believed. From anyone else
 * those headers are the client's own words and are ignored, so a client cannot pick the
 * address its rate limits and backoff are counted against.
 */
export class TrustedProxies {
  private readonly list = new BlockList();
  private readonly empty: boolean;

  /** @param entries IP addresses or CIDR ranges (validated by the config schema) */
  constructor(entries: readonly string[]) {
    this.empty = entries.length === 0;
    for (const entry of entries) {
      const [address = '', bits] = entry.split('/');
      const type = isIPv6(address) ? 'ipv6' : 'ipv4';
      if (bits === undefined) this.list.addAddress(address, type);
      else this.list.addSubnet(address, Number(bits), type);
    }
  }

  /** True when the request came straight from a configured proxy. */
  trusts(req: IncomingMessage): boolean {
    if (this.empty) return false;
    const peer = unmapped(req.socket.remoteAddress);
    if (!peer) return false;
    return this.list.check(peer, isIPv4(peer) ? 'ipv4' : 'ipv6');
  }

  /**
   * The browser's address: from a trusted proxy, `Cf-Connecting-Ip` or the last
   * `X-Forwarded-For` entry (the one the proxy added); otherwise the socket's peer.
   */
  clientAddress(req: IncomingMessage): string {
    const peer = unmapped(req.socket.remoteAddress) ?? 'unknown';
    if (!this.trusts(req)) return peer;
    const cf = single(req.headers['cf-connecting-ip'])?.trim();
    if (cf && (isIPv4(cf) || isIPv6(cf))) return cf;
    const forwarded = single(req.headers['x-forwarded-for'])?.split(',').at(-1)?.trim();
    return forwarded && (isIPv4(forwarded) || isIPv6(forwarded)) ? forwarded : peer;
  }

  /** `X-Forwarded-Host` from a trusted proxy, else undefined. */
  forwardedHost(req: IncomingMessage): string | undefined {
    return this.trusts(req) ? single(req.headers['x-forwarded-host']) : undefined;
  }

  /** True when the browser reached us over https (directly, or per a trusted proxy). */
  isHttps(req: IncomingMessage): boolean {
    if ((req.socket as { encrypted?: boolean }).encrypted === true) return true;
    return this.trusts(req) && single(req.headers['x-forwarded-proto']) === 'https';
  }
}

/** `::ffff:127.0.0.1` (an IPv4 peer on a dual-stack socket) → `127.0.0.1`. */
function unmapped(address: string | undefined): string | undefined {
  return address?.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
}
