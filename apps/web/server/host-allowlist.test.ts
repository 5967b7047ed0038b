import { describe, expect, it } from 'vitest';
import { configuredHosts, HostAllowlist } from './host-allowlist.ts';

describe('HostAllowlist', () => {
  const hosts = new HostAllowlist({
    port: () => 4780,
    allowed: configuredHosts({
      host: '127.0.0.1',
      allowedHosts: ['rdv.lan', '192.168.1.20:8080'],
      cloudflareHostname: 'rdv.example.com',
    }),
  });

  it('serves loopback names on its own port, and the configured names', () => {
    for (const host of [
      'localhost:4780',
      '127.0.0.1:4780',
      '[::1]:4780',
      'LOCALHOST:4780',
      'rdv.lan',
      'rdv.lan:1234',
      '192.168.1.20:8080',
      'rdv.example.com',
    ])
      expect({ host, ok: hosts.allows(host) }).toEqual({ host, ok: true });
  });

  it('refuses every other name (a DNS-rebinding page sends its own)', () => {
    for (const host of [
      undefined,
      '',
      'evil.example',
      'evil.example:4780',
      'localhost',
      'localhost:4781',
      'localhost.evil.example:4780',
      '127.0.0.1.nip.io:4780',
      '192.168.1.20:4780',
      'rdv.lan.evil.example',
      '[::1]',
      'rdv.lan:80:80',
    ])
      expect({ host, ok: hosts.allows(host) }).toEqual({ host, ok: false });
  });

  it('serves a fixed listen address on its port, never a wildcard one', () => {
    expect(
      configuredHosts({ host: '10.0.0.5', allowedHosts: [], cloudflareHostname: null }),
    ).toEqual(['10.0.0.5']);
    expect(
      configuredHosts({ host: '0.0.0.0', allowedHosts: [], cloudflareHostname: null }),
    ).toEqual([]);
  });
});
