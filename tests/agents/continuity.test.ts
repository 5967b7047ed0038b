// Agents for real, with stand-ins for the agents (their accounts are not here): `rdv hooks
// install` writes each agent's configuration into a temp HOME, the stand-in runs its hooks from
// it as the agent would, and the daemon (real tmux, real SQLite) learns the agent's state and
// conversation id. Then the tmux server is killed, as a reboot would, and Restart must resume
// the agent's conversation in the same cwd and env.
import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_NAMES, type AgentName } from '@rdv/agents';
import { waitUntil } from '@rdv/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeAgentBin, type StandinEntry } from '../helpers/agents.ts';
import { rdv } from '../helpers/cli.ts';
import { tmux } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';

/** The line each stand-in prints when it is ready for a prompt (its agent's own). */
const READY: Record<AgentName, string> = {
  claude: 'Welcome to Claude Code!',
  codex: 'OpenAI Codex',
  gemini: 'GEMINI',
  opencode: 'opencode',
};
/** How each agent resumes conversation `id`. */
const RESUME_ARGV: Record<AgentName, (id: string) => string[]> = {
  claude: (id) => ['--resume', id],
  codex: (id) => ['resume', id],
  gemini: (id) => ['--resume', id],
  opencode: (id) => ['--session', id],
};
const WAIT_MS = 30_000;

const bin = makeAgentBin();

describe('agent sessions: hooks, conversation ids, and resume after the tmux server is gone', () => {
  const fx = useDaemon({
    env: { SHELL: '/bin/bash', PATH: `${bin.dir}:${process.env.PATH ?? ''}`, RDV_STANDIN_LOG: bin.logFile },
  });
  const userHome = () => join(fx.home, 'user-home');
  const get = (id: string) => fx.api.client.sessions.get.query({ id });
  const screen = async (id: string) => (await fx.api.client.sessions.scrollback.query({ id, lines: 200 })).text;
  const starts = (agent: AgentName) => bin.entries().filter((e): e is StandinEntry & { argv: string[] } => e.agent === agent && e.what === 'start');

  beforeAll(async () => {
    const run = await rdv(fx.home, ['hooks', 'install', ...AGENT_NAMES.flatMap((a) => ['--agent', a])], {
      env: { HOME: userHome(), PATH: `${bin.dir}:${process.env.PATH ?? ''}` },
    });
    expect(run, run.stderr).toMatchObject({ code: 0 });
  });

  for (const agent of AGENT_NAMES) {
    it(`${agent}: its hooks report its state and conversation id; after tmux kill-server it is "stopped, resumable" and restart resumes it in the same cwd and env`, async () => {
      const cwd = realpathSync(mkdtempSync(join(tmpdir(), `rdv-${agent}-`)));
      const created = await fx.api.client.sessions.create.mutate({ agent, cwd, env: { STANDIN_MARK: `mark-${agent}` } });
      expect(created).toMatchObject({ kind: 'agent', agent, command: agent, agentSessionId: null, resumable: false });
      await waitUntil(async () => (await screen(created.id)).includes(READY[agent]), () => `${agent} to start`, WAIT_MS);

      await fx.api.client.sessions.exec.mutate({ id: created.id, text: 'clean the build' });
      if (agent !== 'codex') {
        // Codex's notify only reports the end of a turn; the others say they are asking.
        await waitUntil(async () => (await get(created.id)).agentStatus === 'waiting', () => `${agent} to be waiting`, WAIT_MS);
      }
      await waitUntil(async () => /proceed|Allow|Permission required/.test(await screen(created.id)), 'the permission prompt', WAIT_MS);
      await fx.api.client.sessions.exec.mutate({ id: created.id, text: '1' });
      await waitUntil(
        async () => {
          const s = await get(created.id);
          return s.agentStatus === 'idle' && s.agentSessionId !== null;
        },
        () => `${agent} to finish its turn and report its conversation id; stand-in log: ${JSON.stringify(bin.entries().filter((e) => e.agent === agent))}`,
        WAIT_MS,
      );
      const first = starts(agent).at(-1);
      expect(first).toMatchObject({ argv: [], cwd, env: { RDV_SESSION_ID: created.id, STANDIN_MARK: `mark-${agent}` } });
      const conversation = (await get(created.id)).agentSessionId;
      expect(conversation).toBe(first?.sessionId);
      // Every hook the stand-in ran exited 0 and printed nothing (Gemini CLI parses stdout as JSON).
      // The stand-in logs a hook once it has exited, which is after the daemon heard from it:
      // Codex's one notify can still be running here.
      const hookRuns = () => bin.entries().filter((e) => e.agent === agent && e.what === 'hook');
      await waitUntil(() => hookRuns().length > 0, `${agent}'s hooks to exit`, WAIT_MS);
      const hooks = hookRuns();
      for (const run of hooks) expect({ event: run.event, code: run.code, stderr: run.stderr }).toEqual({ event: run.event, code: 0, stderr: '' });

      // A reboot, as far as tmux is concerned.
      tmux(fx.home, 'kill-server');
      await waitUntil(async () => (await get(created.id)).status === 'exited', 'the session to be seen gone', WAIT_MS);
      expect(await get(created.id)).toMatchObject({ status: 'exited', exitCode: null, resumable: true, agentSessionId: conversation });
      const listed = await rdv(fx.home, ['session', 'list']);
      expect(listed.stdout).toMatch(new RegExp(`${created.id.slice(0, 8)}.*stopped, resumable`));

      const restarted = await rdv(fx.home, ['session', 'restart', created.id]);
      expect(restarted, restarted.stderr).toMatchObject({ code: 0, stdout: expect.stringContaining(`resumed ${created.name}`) });
      await waitUntil(() => starts(agent).length === 2, `${agent} to start again`, WAIT_MS);
      const resumed = starts(agent).at(-1);
      expect(resumed).toMatchObject({
        argv: RESUME_ARGV[agent](conversation ?? ''),
        cwd,
        env: { RDV_SESSION_ID: created.id, STANDIN_MARK: `mark-${agent}` },
        sessionId: conversation,
      });
      expect(await get(created.id)).toMatchObject({ status: 'active', resumable: false, agentSessionId: conversation });
      await waitUntil(async () => (await screen(created.id)).includes(conversation ?? '?'), 'the resumed agent on the screen', WAIT_MS);
      // Left running: closing the tmux server's last session makes it exit, and the next test's
      // create would race that exit.
    });
  }

  it('restart --fresh starts the agent without its resume flag', async () => {
    const cwd = realpathSync(mkdtempSync(join(tmpdir(), 'rdv-fresh-')));
    const created = await fx.api.client.sessions.create.mutate({ agent: 'claude', cwd });
    await waitUntil(async () => (await get(created.id)).agentSessionId !== null, 'the SessionStart hook', WAIT_MS);
    await fx.api.client.sessions.close.mutate({ id: created.id });
    expect(await get(created.id)).toMatchObject({ status: 'closed', resumable: true });
    const before = starts('claude').length;
    const run = await rdv(fx.home, ['session', 'restart', created.id, '--fresh']);
    expect(run, run.stderr).toMatchObject({ code: 0, stdout: expect.stringContaining('restarted') });
    await waitUntil(() => starts('claude').length > before, 'claude to start again', WAIT_MS);
    expect(starts('claude').at(-1)).toMatchObject({ argv: [], cwd });
    await fx.api.client.sessions.close.mutate({ id: created.id });
  });

  it('refuses a conversation id that could carry shell syntax, and keeps the session as it was', async () => {
    const created = await fx.api.client.sessions.create.mutate({ kind: 'shell', cwd: tmpdir() });
    for (const bad of ['x; touch /tmp/pwned', '$(id)', 'a b', '-rf']) {
      await expect(
        fx.api.client.hooks.report.mutate({ sessionId: created.id, event: 'Stop', agent: 'claude', agentSessionId: bad }),
      ).rejects.toThrow(/conversation id/);
    }
    expect(await get(created.id)).toMatchObject({ agent: null, agentSessionId: null });
    await fx.api.client.sessions.close.mutate({ id: created.id });
  });
});
