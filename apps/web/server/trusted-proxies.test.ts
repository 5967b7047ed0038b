import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { TrustedProxies } from './trusted-proxies.ts';

const from = (peer: string, headers: Record<string, string> = {}) =>
  ({ socket: { remoteAddress: peer }, headers }) as unknown as IncomingMessage;
const forwarded = {
  'cf-connecting-ip': '203.0.113.7',
  'x-forwarded-for': '198.51.100.1, 198.51.100.2',
  'x-forwarded-host': 'rdv.example.com',
  'x-forwarded-proto': 'https',
};

describe('TrustedProxies', () => {
  it('believes nobody by default: the socket peer is the client', () => {
    const none = new TrustedProxies([]);
    const req = from('127.0.0.1', forwarded);
    expect(none.clientAddress(req)).toBe('127.0.0.1');
    expect(none.forwardedHost(req)).toBeUndefined();
    expect(none.isHttps(req)).toBe(false);
  });

  it('believes the configured proxies only, by address or range', () => {
    const proxies = new TrustedProxies(['127.0.0.1', '10.0.0.0/8', '::1']);
    expect(proxies.clientAddress(from('127.0.0.1', forwarded))).toBe('203.0.113.7');
    expect(proxies.clientAddress(from('::ffff:127.0.0.1', forwarded))).toBe('203.0.113.7');
    expect(proxies.clientAddress(from('10.1.2.3', forwarded))).toBe('203.0.113.7');
    expect(proxies.forwardedHost(from('::1', forwarded))).toBe('rdv.example.com');
    expect(proxies.isHttps(from('::1', forwarded))).toBe(true);
    expect(proxies.clientAddress(from('192.168.1.9', forwarded))).toBe('192.168.1.9');
    // Without Cf-Connecting-Ip: the entry the proxy appended to X-Forwarded-For.
    expect(proxies.clientAddress(from('127.0.0.1', { 'x-forwarded-for': 'a, 198.51.100.2' }))).toBe(
      '198.51.100.2',
    );
    // Not an address: the peer.
    expect(proxies.clientAddress(from('127.0.0.1', { 'cf-connecting-ip': 'x' }))).toBe('127.0.0.1');
  });
});
