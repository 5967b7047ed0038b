import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionRevocations } from './session-revocations.ts';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rdv-revocations-'));
  file = join(dir, 'web-revocations.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const session = (id: string, issuedAtMs: number, expiresAtMs = issuedAtMs + 1_000_000) => ({
  id,
  issuedAtMs,
  expiresAtMs,
});

describe('SessionRevocations', () => {
  it('revokes one session, or all issued before a time, and remembers both after a restart', () => {
    let now = 10_000;
    const store = SessionRevocations.load(file, { now: () => now });
    expect(store.isRevoked(session('a', 1_000))).toBe(false);
    store.revoke(session('a', 1_000));
    expect(store.isRevoked(session('a', 1_000))).toBe(true);
    expect(store.isRevoked(session('b', 1_000))).toBe(false);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const reloaded = SessionRevocations.load(file, { now: () => now });
    expect(reloaded.isRevoked(session('a', 1_000))).toBe(true);
    now = 20_000;
    reloaded.revokeAllBefore(now);
    expect(reloaded.isRevoked(session('b', 19_999))).toBe(true);
    expect(reloaded.isRevoked(session('c', 20_000))).toBe(false);
    expect(SessionRevocations.load(file).isRevoked(session('b', 19_999))).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('forgets revoked sessions once they would have expired anyway', () => {
    let now = 0;
    const store = SessionRevocations.load(file, { now: () => now });
    store.revoke(session('old', 0, 100));
    now = 200;
    store.revoke(session('new', 150, 1_000));
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).revoked)).toEqual(['new']);
  });

  it('treats a damaged file as "log out everywhere", never as "nothing revoked"', () => {
    writeFileSync(file, '{"version":1,"notBeforeMs":"x"');
    const lines: string[] = [];
    const store = SessionRevocations.load(file, { now: () => 5_000, log: (l) => lines.push(l) });
    expect(store.isRevoked(session('any', 4_999))).toBe(true);
    expect(store.isRevoked(session('later', 5_000))).toBe(false);
    expect(lines.join()).toContain('damaged');
  });
});
