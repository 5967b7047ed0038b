// The monitor against real tmux sessions and a real database, with an injected clock: time
// moves only when a test says so, and the monitor runs only when a test calls tick().
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, type InProcess } from '../helpers/services.ts';
import { waitUntil } from '@rdv/test-support';

/** Stands in for an agent: a busy line, a wait for a flag file, then a question. */
const FAKE_AGENT = `#!/bin/sh
printf 'Working on it (esc to interrupt)\\n'
while [ ! -e "$1" ]; do sleep 0.2; done
printf 'done working\\n'
printf 'Do you want to proceed? (y/n) '
read answer
printf 'answered %s\\n' "$answer"
`;

describe('monitoring (real tmux, injected clock)', () => {
  let env: InProcess;
  let agentScript: string;
  beforeAll(async () => {
    env = await startInProcess();
    agentScript = env.script('fake-agent.sh', FAKE_AGENT);
  });
  afterAll(async () => {
    await env?.dispose();
  });

  const tick = () => env.services.monitoring.tick();
  const flag = (name: string) => join(env.home, `flag-${name}`);
  const status = async (id: string) => (await env.caller.sessions.get({ id })).agentStatus;
  const insights = async (
    orchestratorId: string,
    type?: 'stall_detected' | 'waiting_for_input' | 'agent_exited',
  ) =>
    (
      await env.caller.orchestrators.insights.list({
        orchestratorId,
        state: 'all',
        ...(type ? { type } : {}),
      })
    ).items;

  /** A folder with an orchestrator watching it (threshold 60 s, checked on every tick a second apart). */
  async function watchedFolder(
    name: string,
    settings: { autoIntervention?: boolean; nudgeText?: string; paused?: boolean } = {},
  ) {
    const folder = await env.caller.folders.create({ name });
    const orchestrator = await env.caller.orchestrators.create({
      name: `watch ${name}`,
      folderId: folder.id,
      intervalSeconds: 1,
      stallThresholdSeconds: 60,
      ...settings,
    });
    return { folderId: folder.id, orchestrator };
  }

  async function busyAgent(folderId: string, name: string) {
    const session = await env.caller.sessions.create({
      kind: 'agent',
      name,
      command: `${agentScript} ${flag(name)}`,
      cwd: env.home,
      folderId,
    });
    await env.waitForScreen(session.id, 'esc to interrupt');
    return session;
  }

  it('flags a busy agent whose screen does not change, once, with rising severity; output resuming resolves it', async () => {
    const { folderId, orchestrator } = await watchedFolder('stall');
    const session = await busyAgent(folderId, 'stall-agent');

    await tick();
    expect(await status(session.id)).toBe('running');
    expect(await insights(orchestrator.id)).toEqual([]);

    env.clock.advance(59);
    await tick();
    expect(await insights(orchestrator.id)).toEqual([]);

    env.clock.advance(2);
    await tick();
    const [stall] = await insights(orchestrator.id, 'stall_detected');
    expect(stall).toMatchObject({ sessionId: session.id, severity: 'warning', resolvedAt: null });
    expect(stall!.message).toContain('has not changed for 1 min');
    expect(stall!.data).toMatchObject({
      thresholdSeconds: 60,
      screenTail: expect.stringContaining('esc to interrupt'),
    });

    for (let i = 0; i < 4; i += 1) {
      env.clock.advance(40);
      await tick();
    }
    const still = await insights(orchestrator.id, 'stall_detected');
    expect(still).toHaveLength(1);
    expect(still[0]).toMatchObject({ id: stall!.id, severity: 'critical', resolvedAt: null });

    writeFileSync(flag('stall-agent'), '');
    await env.waitForScreen(session.id, 'Do you want to proceed?');
    env.clock.advance(1);
    await tick();
    const resolved = await insights(orchestrator.id, 'stall_detected');
    expect(resolved).toHaveLength(1);
    expect(resolved[0]!.resolvedAt).not.toBeNull();
    expect(resolved[0]!.data).toMatchObject({ resolvedBy: 'monitor', reason: 'activity resumed' });
    expect(await status(session.id)).toBe('waiting');
    await env.caller.sessions.close({ id: session.id });
  });

  it('flags a shell running a silent loop; when the loop ends the stall resolves and the shell turns idle', async () => {
    const { folderId, orchestrator } = await watchedFolder('loop');
    const session = await env.caller.sessions.create({
      name: 'loop-shell',
      cwd: env.home,
      folderId,
    });
    await env.caller.sessions.exec({
      id: session.id,
      text: `while [ ! -e ${flag('loop')} ]; do sleep 0.2; done; echo loop-finished`,
    });
    await env.waitForScreen(session.id, 'echo loop-finished');

    await tick();
    expect(await status(session.id)).toBe('running');
    env.clock.advance(61);
    await tick();
    env.clock.advance(30);
    await tick();
    const stalls = await insights(orchestrator.id, 'stall_detected');
    expect(stalls).toHaveLength(1);
    expect(stalls[0]).toMatchObject({ sessionId: session.id, resolvedAt: null });

    writeFileSync(flag('loop'), '');
    await waitUntil(
      async () =>
        (await env.screen(session.id)).split('\n').some((line) => line === 'loop-finished'),
      'loop end',
    );
    env.clock.advance(1);
    await tick();
    expect((await insights(orchestrator.id, 'stall_detected'))[0]!.resolvedAt).not.toBeNull();
    env.clock.advance(1);
    await tick(); // the prompt on a second, identical read
    expect(await status(session.id)).toBe('idle');
    await env.caller.sessions.close({ id: session.id });
  });

  it('a session waiting at a prompt is waiting or idle, never stalled; waiting too long is reported', async () => {
    const { folderId, orchestrator } = await watchedFolder('waiting');
    const asking = await busyAgent(folderId, 'asking-agent');
    writeFileSync(flag('asking-agent'), '');
    await env.waitForScreen(asking.id, 'Do you want to proceed?');
    const idle = await env.caller.sessions.create({ name: 'idle-shell', cwd: env.home, folderId });
    await env.waitForScreen(idle.id, '$');

    await tick();
    env.clock.advance(1);
    await tick();
    expect(await status(asking.id)).toBe('waiting');
    expect(await status(idle.id)).toBe('idle');

    for (let i = 0; i < 5; i += 1) {
      env.clock.advance(60);
      await tick();
    }
    expect(await insights(orchestrator.id, 'stall_detected')).toEqual([]);
    const waiting = await insights(orchestrator.id, 'waiting_for_input');
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatchObject({
      sessionId: asking.id,
      severity: 'warning',
      resolvedAt: null,
    });

    await env.caller.sessions.exec({ id: asking.id, text: 'y' });
    await env.waitForScreen(asking.id, 'answered y');
    env.clock.advance(1);
    await tick();
    env.clock.advance(1);
    await tick();
    expect((await insights(orchestrator.id, 'waiting_for_input'))[0]!.resolvedAt).not.toBeNull();
    await env.caller.sessions.close({ id: asking.id });
    await env.caller.sessions.close({ id: idle.id });
  });

  it('auto-intervention nudges a stalled session once per stall, through the audited injector', async () => {
    const { folderId, orchestrator } = await watchedFolder('nudge', {
      autoIntervention: true,
      nudgeText: 'continue',
    });
    const listening = await env.caller.sessions.create({
      name: 'listening',
      cwd: env.home,
      folderId,
    });
    await env.caller.sessions.exec({
      id: listening.id,
      text: 'read -r answer; echo "got:$answer"',
    });
    const deaf = await env.caller.sessions.create({ name: 'deaf', cwd: env.home, folderId });
    // Deaf but not mute: the terminal echoes the nudge, as an agent's input box shows typed text.
    // That echo is not the session coming back to life (it once resolved the stall and re-nudged).
    await env.caller.sessions.exec({ id: deaf.id, text: 'sleep 600' });
    await env.waitForScreen(listening.id, 'echo "got:$answer"');
    await env.waitForScreen(deaf.id, 'sleep 600');

    await tick();
    env.clock.advance(61);
    await tick();
    await env.waitForScreen(listening.id, 'got:continue');
    const stalls = await insights(orchestrator.id, 'stall_detected');
    expect(stalls).toHaveLength(2);
    for (const stall of stalls)
      expect(stall.data).toMatchObject({ nudged: true, nudgeAttemptedAt: expect.any(String) });

    await env.waitForScreen(deaf.id, 'sleep 600\ncontinue');
    // The listening session answered (back at its prompt: resolved); the deaf one echoed the
    // nudge and nothing more, so it stays stalled and is not nudged again.
    for (let i = 0; i < 6; i += 1) {
      env.clock.advance(30);
      await tick();
    }
    const after = await insights(orchestrator.id, 'stall_detected');
    expect(after.find((s) => s.sessionId === listening.id)?.resolvedAt).not.toBeNull();
    expect(after.filter((s) => s.sessionId === deaf.id)).toHaveLength(1);
    expect(after.find((s) => s.sessionId === deaf.id)?.resolvedAt).toBeNull();
    const nudges = await env.db.auditLog.findMany({ where: { action: 'orchestrators.nudge' } });
    expect(nudges.map((row) => row.target).sort()).toEqual(
      [`session:${deaf.id}`, `session:${listening.id}`].sort(),
    );
    expect(nudges.every((row) => row.outcome === 'success' && row.tokenId === null)).toBe(true);
    await env.caller.sessions.close({ id: listening.id });
    await env.caller.sessions.close({ id: deaf.id });
  });

  it('a busy agent whose spinner keeps ticking but which makes no progress is still flagged as stalled', async () => {
    const { folderId, orchestrator } = await watchedFolder('ticking');
    const ticker = env.script(
      'ticking-agent.sh',
      `#!/bin/sh\nprintf 'Reading the codebase\\n'\ni=0\nwhile :; do i=$((i+1)); printf '\\r✻ Working… (%ss · esc to interrupt)' "$i"; sleep 0.3; done\n`,
    );
    const session = await env.caller.sessions.create({
      kind: 'agent',
      name: 'ticking-agent',
      command: ticker,
      cwd: env.home,
      folderId,
    });
    await env.waitForScreen(session.id, 'esc to interrupt');
    await tick();
    expect(await status(session.id)).toBe('running');
    // The spinner prints (tmux's output time moves) across real seconds; nothing else changes.
    const before = await env.screen(session.id);
    await waitUntil(async () => (await env.screen(session.id)) !== before, 'the spinner to tick');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    env.clock.advance(61);
    await tick();
    const [stall] = await insights(orchestrator.id, 'stall_detected');
    expect(stall).toMatchObject({ sessionId: session.id, resolvedAt: null });
    await env.caller.sessions.close({ id: session.id });
  });

  it('a hook report outranks the screen for a while, then the screen takes over', async () => {
    const folder = await env.caller.folders.create({ name: 'hooks' });
    const session = await busyAgent(folder.id, 'hooked-agent');
    await tick();
    expect(await status(session.id)).toBe('running');

    await env.caller.hooks.report({ sessionId: session.id, event: 'Notification' });
    expect(await status(session.id)).toBe('waiting');
    env.clock.advance(60);
    await tick();
    expect(await status(session.id)).toBe('waiting');

    env.clock.advance(10 * 60);
    await tick();
    expect(await status(session.id)).toBe('running');
    await env.caller.sessions.close({ id: session.id });
  });

  it('an agent that exits with an error gets status error and one agent_exited insight', async () => {
    const { folderId, orchestrator } = await watchedFolder('exit');
    const session = await env.caller.sessions.create({
      kind: 'agent',
      name: 'crashing',
      command: 'exit 3',
      cwd: env.home,
      folderId,
    });
    await waitUntil(async () => {
      await env.services.sessions.reconcile();
      return (await env.caller.sessions.get({ id: session.id })).status === 'exited';
    }, 'the session to exit');
    expect((await env.caller.sessions.get({ id: session.id })).exitCode).toBe(3);

    env.clock.advance(2);
    await tick();
    env.clock.advance(2);
    await tick();
    expect(await status(session.id)).toBe('error');
    const exited = await insights(orchestrator.id, 'agent_exited');
    expect(exited).toHaveLength(1);
    expect(exited[0]).toMatchObject({
      sessionId: session.id,
      severity: 'critical',
      data: { exitCode: 3 },
    });
  });

  it('a paused orchestrator raises nothing; resumed, it does', async () => {
    const { folderId, orchestrator } = await watchedFolder('paused', { paused: true });
    const session = await busyAgent(folderId, 'paused-agent');
    await tick();
    env.clock.advance(120);
    await tick();
    expect(await insights(orchestrator.id)).toEqual([]);

    await env.caller.orchestrators.update({ id: orchestrator.id, paused: false });
    env.clock.advance(1);
    await tick();
    expect(await insights(orchestrator.id, 'stall_detected')).toHaveLength(1);
    const detail = await env.caller.orchestrators.get({ id: orchestrator.id });
    expect(detail.sessions.map((s) => [s.id, s.agentStatus])).toEqual([[session.id, 'running']]);
    expect(detail.insights).toMatchObject({ open: 1, bySeverity: { warning: 1 } });
    await env.caller.sessions.close({ id: session.id });
  });
});
