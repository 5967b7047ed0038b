// The authorization matrix: EVERY procedure of the router (enumerated at runtime), called with no
// token, a malformed token, a forged service token, an expired token, a revoked token and a
// previous owner's token; then the owner's valid credentials (CLI and web) against rows a previous
// owner left (what an older, multi-user rdv leaves in a database). Nothing but health is public,
// nothing of the previous owner's shows in any answer.
import { randomBytes } from 'node:crypto';
import type { RdvCredentials } from '@rdv/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, cliClient, getHealth, wsClient } from '../helpers/daemon.ts';
import { allProcedures, callProcedure, type CallOutcome, type ProcedureInfo } from '../helpers/procedures.ts';
import { EXTRA_CASES, PROCEDURE_INPUTS, useWorld, type World } from './world.ts';

const PUBLIC = new Set(['health']);

interface Credential {
  name: string;
  credentials: (w: World) => RdvCredentials;
  /** The owner's valid identity (vs. no identity at all). */
  valid: boolean;
}

describe('authorization matrix', () => {
  const world = useWorld();
  let expiredToken: string;
  let revokedToken: string;
  const procedures = allProcedures().filter((p) => !PUBLIC.has(p.path));
  const results: Array<{ credential: string; path: string; outcome: CallOutcome }> = [];
  // What mallory has named herself, over both of her credentials: errors echo it, and so do the
  // audit rows of her own refused calls.
  let sent = '';

  beforeAll(async () => {
    // Alice's rows become a previous owner's; the tokens below are the new owner's.
    await world.handOver();
    const api = cliClient(world.daemon);
    const expired = await api.client.tokens.create.mutate({ name: 'to-expire', expiresInSeconds: 3600 });
    await api.client.tokens.setExpiry.mutate({ id: expired.id, expiresInSeconds: 0 });
    const revoked = await api.client.tokens.create.mutate({ name: 'to-revoke' });
    await api.client.tokens.revoke.mutate({ id: revoked.id });
    await api.close();
    expiredToken = expired.token;
    revokedToken = revoked.token;
  }, 60_000);
  afterAll(() => {
    const counts = results.reduce<Record<string, number>>((acc, r) => ((acc[r.outcome.code] = (acc[r.outcome.code] ?? 0) + 1), acc), {});
    console.log(`[authz-matrix] ${results.length} calls, ${procedures.length} procedures; outcomes ${JSON.stringify(counts)}`);
  });

  it('has an input for every procedure of the router (add new procedures to security/world.ts)', () => {
    const missing = procedures.map((p) => p.path).filter((path) => !PROCEDURE_INPUTS[path]);
    expect(missing).toEqual([]);
    const stale = Object.keys(PROCEDURE_INPUTS).filter((path) => !procedures.some((p) => p.path === path));
    expect(stale).toEqual([]);
  });

  it('answers health, and only health, without a token', async () => {
    expect((await getHealth(world.daemon.apiSocket)).status).toBe(200);
    const anonymous = apiClient(world.daemon, { kind: 'none' });
    const outcome = await callProcedure({ http: anonymous.client, ws: anonymous.client }, { path: 'health', type: 'query' }, undefined);
    await anonymous.close();
    expect(outcome.code).toBe('OK');
  });

  const unauthenticated: Credential[] = [
    { name: 'no token', credentials: () => ({ kind: 'none' }), valid: false },
    { name: 'malformed token', credentials: () => ({ kind: 'cli', token: 'rdv_not-a-token!' }), valid: false },
    {
      name: 'forged service token',
      credentials: () => ({ kind: 'service', token: randomBytes(32).toString('base64url') }),
      valid: false,
    },
    { name: 'expired token', credentials: () => ({ kind: 'cli', token: expiredToken }), valid: false },
    { name: 'revoked token', credentials: () => ({ kind: 'cli', token: revokedToken }), valid: false },
    { name: "a previous owner's token", credentials: (w) => ({ kind: 'cli', token: w.alice.token }), valid: false },
  ];

  for (const credential of unauthenticated) {
    it(`refuses every procedure with ${credential.name}`, async () => {
      const wrong = await runAll(credential, procedures.map((p) => ({ procedure: p, input: PROCEDURE_INPUTS[p.path]?.input(world, 0) })));
      const mismatches = wrong.filter(({ outcome }) => outcome.code !== 'UNAUTHORIZED');
      expect(mismatches.map(({ path, outcome }) => `${path}: ${outcome.code} ${outcome.text.slice(0, 200)}`)).toEqual([]);
      for (const { path, outcome } of wrong) expectNoSecrets(path, outcome, world.alice.secrets);
    });
  }

  const others: Credential[] = [
    { name: "the owner's cli token", credentials: (w) => ({ kind: 'cli', token: w.owner!.token }), valid: true },
    { name: 'the web app (service token)', credentials: (w) => ({ kind: 'service', token: w.daemon.serviceToken() }), valid: true },
  ];

  others.forEach((credential, index) => {
    it(`gives ${credential.name} NOT_FOUND (or its own, empty data) for alice's objects`, async () => {
      const calls = [
        ...procedures.map((p) => {
          const entry = PROCEDURE_INPUTS[p.path];
          return { procedure: p, input: entry?.input(world, index + 1), other: entry?.other };
        }),
        ...EXTRA_CASES.map((c) => ({
          procedure: procedures.find((p) => p.path === c.path)!,
          input: c.input(world),
          other: c.other,
        })),
      ];
      // Lists first: nothing the caller sent can explain what they show.
      calls.sort((a, b) => Number(b.other === 'OK') - Number(a.other === 'OK'));
      const mismatches: string[] = [];
      for (const call of calls) {
        const { outcome } = (await runAll(credential, [call]))[0]!;
        const expected = [call.other ?? 'NOT_FOUND'].flat();
        if (!expected.includes(outcome.code)) mismatches.push(`${call.procedure.path}: ${outcome.code} (expected ${expected.join('|')}) ${outcome.text.slice(0, 200)}`);
        // Alice's secrets, except ids this caller itself named (echoed in errors and in its own audit rows).
        const mayShow = new Set(PROCEDURE_INPUTS[call.procedure.path]?.mayShow?.(world) ?? []);
        sent += JSON.stringify(call.input ?? null);
        const leaked = world.alice.secrets.filter((s) => !sent.includes(s) && !mayShow.has(s) && outcome.text.includes(s));
        if (leaked.length) mismatches.push(`${call.procedure.path}: leaked ${leaked.join(', ')}: ${outcome.text.slice(0, 300)}`);
      }
      expect(mismatches).toEqual([]);
    });
  });

  it('left alice’s objects as they were', async () => {
    // Alice owns the daemon again: her rows are hers to read.
    await world.handOver();
    const api = cliClient(world.daemon);
    try {
      const session = await api.client.sessions.get.query({ id: world.alice.sessionId });
      expect(session).toMatchObject({ status: 'active', name: 'alice-secret-session' });
      expect((await api.client.sessions.scrollback.query({ id: world.alice.sessionId })).text).not.toContain('pwned');
      expect(await api.client.folders.get.query({ id: world.alice.folderId })).toMatchObject({ name: 'alice-secret-folder' });
      expect((await api.client.worktrees.status.query({ id: world.alice.worktreeId })).branch).toBe('alice-secret-branch');
      expect((await api.client.trash.list.query()).map((item) => item.id)).toContain(world.alice.trashId);
      expect(await api.client.orchestrators.get.query({ id: world.alice.orchestratorId })).toMatchObject({ paused: true });
      const shares = await api.client.shares.list.query({ sessionId: world.alice.sessionId });
      expect(shares.find((l) => l.id === world.alice.shareId)).toMatchObject({ revokedAt: null });
      const tokens = await api.client.tokens.list.query();
      expect(tokens.find((t) => t.id === world.alice.tokenId)).toMatchObject({ revokedAt: null, expiresAt: null });
    } finally {
      await api.close();
    }
  });

  async function runAll(credential: Credential, calls: Array<{ procedure: ProcedureInfo; input: unknown }>) {
    const http = apiClient(world.daemon, credential.credentials(world));
    const ws = wsClient(world.daemon, credential.credentials(world));
    try {
      const out: Array<{ path: string; outcome: CallOutcome }> = [];
      for (const { procedure, input } of calls) {
        const outcome = await callProcedure({ http: http.client, ws: ws.client }, procedure, input);
        out.push({ path: procedure.path, outcome });
        results.push({ credential: credential.name, path: procedure.path, outcome });
      }
      return out;
    } finally {
      await http.close();
      await ws.close();
    }
  }
});

function expectNoSecrets(path: string, outcome: CallOutcome, secrets: string[]): void {
  const leaked = secrets.filter((secret) => outcome.text.includes(secret));
  expect({ path, leaked }).toEqual({ path, leaked: [] });
}
