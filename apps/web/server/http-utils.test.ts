import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { parseCookies, upstreamHeaders } from './http-utils.ts';
import { isSafeMethod, originAllowed } from './origin.ts';

describe('upstreamHeaders', () => {
  it('drops the browser credentials and any x-rdv-* it sent, then adds the daemon credentials', () => {
    const out = upstreamHeaders(
      {
        cookie: 'rdv_session=x',
        authorization: 'Bearer rdv_x',
        'cf-access-jwt-assertion': 'jwt',
        'x-rdv-user-id': 'someone-else',
        'x-rdv-service-token': 'guess',
        'x-forwarded-for': '1.2.3.4',
        host: 'example.com',
        connection: 'keep-alive',
        'content-type': 'application/json',
        'trpc-accept': 'application/jsonl',
      },
      { 'x-rdv-service-token': 'real', 'x-rdv-user-id': 'u1' },
    );
    expect(out).toEqual({
      'content-type': 'application/json',
      'trpc-accept': 'application/jsonl',
      host: 'localhost',
      'x-rdv-service-token': 'real',
      'x-rdv-user-id': 'u1',
    });
  });
});

describe('parseCookies', () => {
  it('reads name=value pairs, first one wins', () => {
    const cookies = parseCookies('a=1; b="two"; a=3; c=%20x; bad; =x');
    expect([...cookies]).toEqual([
      ['a', '1'],
      ['b', 'two'],
      ['c', ' x'],
    ]);
  });
});

describe('originAllowed', () => {
  const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
  it('requires the Origin to name the Host', () => {
    const opts = { required: true, forwardedHost: undefined };
    expect(
      originAllowed(req({ host: '127.0.0.1:4780', origin: 'http://127.0.0.1:4780' }), opts),
    ).toBe(true);
    expect(
      originAllowed(req({ host: '127.0.0.1:4780', origin: 'http://localhost:4780' }), opts),
    ).toBe(false);
    expect(originAllowed(req({ host: '127.0.0.1:4780', origin: 'null' }), opts)).toBe(false);
    expect(originAllowed(req({ host: '127.0.0.1:4780' }), opts)).toBe(false);
    expect(originAllowed(req({ host: '127.0.0.1:4780' }), { ...opts, required: false })).toBe(true);
  });

  it('accepts the forwarded host only when given one (a trusted proxy sent it)', () => {
    const headers = {
      host: 'localhost:4780',
      'x-forwarded-host': 'rdv.example.com',
      origin: 'https://rdv.example.com',
    };
    expect(originAllowed(req(headers), { required: true, forwardedHost: undefined })).toBe(false);
    expect(originAllowed(req(headers), { required: true, forwardedHost: 'rdv.example.com' })).toBe(
      true,
    );
  });

  it('knows which methods only read', () => {
    expect(isSafeMethod('GET')).toBe(true);
    expect(isSafeMethod('POST')).toBe(false);
  });
});
