import { describe, expect, it } from 'vitest';
import { rdv, rdvJson } from '../helpers/cli.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { waitUntil } from '@rdv/test-support';

describe('rdv orchestrator and insight against a real daemon', () => {
  const fx = useDaemon({ env: { SHELL: '/bin/bash' } });

  it('create, list, get, pause, resume, update, delete', async () => {
    await rdv(fx.home, ['folder', 'create', 'agents']);
    const created = await rdvJson<{ id: string }>(fx.home, [
      'orchestrator',
      'create',
      'watcher',
      '--folder',
      'agents',
      '--stall-after',
      '120',
      '--auto',
      '--nudge',
      'continue',
    ]);
    expect(created).toMatchObject({
      name: 'watcher',
      stallThresholdSeconds: 120,
      autoIntervention: true,
      nudgeText: 'continue',
      paused: false,
    });

    const list = await rdv(fx.home, ['orchestrator', 'list']);
    expect(list.stdout).toMatch(/watcher\s+agents\s+watching\s+\d+s\s+120s\s+on\s+0/);
    expect((await rdv(fx.home, ['orchestrator', 'get', 'watcher'])).stdout).toMatch(
      /auto-intervention:\s+on \(nudge: continue\)/,
    );

    expect((await rdvJson(fx.home, ['orchestrator', 'pause', 'watcher'])).paused).toBe(true);
    expect((await rdvJson(fx.home, ['orchestrator', 'resume', created.id.slice(0, 8)])).paused).toBe(
      false,
    );
    expect(
      (await rdvJson(fx.home, ['orchestrator', 'update', 'watcher', '--all', '--no-auto'])).folderId,
    ).toBeNull();
    expect((await rdv(fx.home, ['orchestrator', 'update', 'watcher'])).code).toBe(2);
    expect((await rdv(fx.home, ['orchestrator', 'delete', 'watcher'])).code).toBe(0);
    expect((await rdv(fx.home, ['orchestrator', 'get', 'watcher'])).code).toBe(3);
  });

  it('inject types a benign command into a session in scope and refuses a destructive one', async () => {
    await rdv(fx.home, ['orchestrator', 'create', 'injector']);
    const id = (
      await rdv(fx.home, ['session', 'create', '--name', 'target', '--cwd', fx.home, '-q'])
    ).stdout.trim();
    const ok = await rdv(fx.home, [
      'orchestrator',
      'inject',
      'injector',
      'target',
      'echo',
      'injected-$((5*5))',
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^typed into target \(audit \S+\)\n$/);
    await waitUntil(
      async () => (await fx.api.client.sessions.scrollback.query({ id })).text.includes('injected-25'),
      'injected output',
    );

    const refused = await rdv(fx.home, [
      'orchestrator',
      'inject',
      'injector',
      'target',
      'rm',
      '-rf',
      '/',
    ]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('insight list and resolve', async () => {
    const empty = await rdv(fx.home, ['insight', 'list']);
    expect(empty).toMatchObject({ code: 0, stdout: 'no open insights\n' });
    const json = await rdvJson(fx.home, ['insight', 'list', '--state', 'all']);
    expect(json.counts).toMatchObject({ open: 0 });
    expect((await rdv(fx.home, ['insight', 'list', '--severity', 'loud'])).code).toBe(2);
    expect((await rdv(fx.home, ['insight', 'resolve', 'no-such-insight'])).code).toBe(3);
  });
});
