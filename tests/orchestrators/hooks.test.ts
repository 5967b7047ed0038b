// `rdv hook` (the real, built CLI) against a real daemon: status changes reach subscribers; the
// hook never fails the agent that runs it.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiClient, cleanupHome, makeHome, REPO_ROOT } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { waitUntil } from '@rdv/test-support';
import { addStrayUser } from '../helpers/users.ts';
import { codeOf } from '../helpers/workspace.ts';

const CLI = join(REPO_ROOT, 'apps/cli/bin/rdv.js');

interface HookRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `rdv hook ...` like an agent would: env from the session, optional JSON on stdin. */
function hook(
  args: string[],
  env: Record<string, string | undefined>,
  stdin = '',
): Promise<HookRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'hook', ...args], {
      env: { ...process.env, RDV_TOKEN: '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
    child.stdin.end(stdin);
  });
}

interface StatusEvent {
  sessionId: string;
  status: string;
  source: string;
  message?: string;
}

describe('rdv hook (real CLI, real daemon)', () => {
  let sessionId: string;
  const fx = useDaemon({ env: { SHELL: '/bin/bash' } });
  beforeAll(async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'rdv-hook-'));
    sessionId = (await fx.api.client.sessions.create.mutate({ name: 'agent', cwd })).id;
  });

  const env = () => ({ RDV_HOME: fx.home, RDV_SESSION_ID: sessionId });

  it('hook events change the status and reach a subscriber, in order', async () => {
    await fx.api.client.hooks.report.mutate({ sessionId, event: 'SessionStart' });
    const received: StatusEvent[] = [];
    const ids: string[] = [];
    const subscription = fx.api.client.orchestrators.onStatus.subscribe(undefined, {
      onData: (event) => {
        ids.push(event.id);
        received.push(event.data);
      },
    });
    try {
      // The backlog (current statuses) arrives first: the subscription is live from here on.
      await waitUntil(
        () => received.some((e) => e.sessionId === sessionId && e.source === 'snapshot'),
        'the backlog',
      );
      expect(received.find((e) => e.sessionId === sessionId)).toMatchObject({ status: 'idle' });

      const steps: Array<[string[], string, string]> = [
        [['Notification'], '', 'waiting'],
        [['PreToolUse'], '', 'running'],
        [['post-tool-use'], '', 'running'],
        [['Stop'], '', 'idle'],
        [
          [],
          JSON.stringify({
            hook_event_name: 'Notification',
            message: 'Claude needs your permission to use Bash',
          }),
          'waiting',
        ],
        [['error'], '', 'error'],
      ];
      for (const [args, stdin, status] of steps) {
        const run = await hook(args, env(), stdin);
        expect({ args, code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({
          args,
          code: 0,
          stdout: '',
          stderr: '',
        });
        expect((await fx.api.client.sessions.get.query({ id: sessionId })).agentStatus).toBe(status);
      }
      const changes = () =>
        received.filter((e) => e.sessionId === sessionId && e.source === 'hook');
      await waitUntil(() => changes().length >= 5, 'five status changes');
      expect(changes().map((e) => e.status)).toEqual([
        'waiting',
        'running',
        'idle',
        'waiting',
        'error',
      ]);
      expect(changes()[3]).toMatchObject({ message: 'Claude needs your permission to use Bash' });
      expect(new Set(ids).size).toBe(ids.length);
      const session = await fx.api.client.sessions.get.query({ id: sessionId });
      expect(session.agentStatusAt).not.toBeNull();
    } finally {
      subscription.unsubscribe();
    }
  });

  it("Codex's notify JSON as the last argument: its event, and its thread-id as the conversation id", async () => {
    const threadId = '0199a3c4-1111-2222-3333-444455556666';
    const run = await hook(
      ['--agent', 'codex', JSON.stringify({ type: 'agent-turn-complete', 'thread-id': threadId, 'turn-id': '1', cwd: '/', 'input-messages': ['hi'], 'last-assistant-message': 'done' })],
      env(),
    );
    expect(run).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(await fx.api.client.sessions.get.query({ id: sessionId })).toMatchObject({ agentStatus: 'idle', agent: 'codex', agentSessionId: threadId });
    // An id that could carry shell syntax is dropped; the status still gets through.
    const bad = await hook(['--agent', 'claude', '--agent-session', '$(id)', 'Notification'], env());
    expect(bad).toMatchObject({ code: 0, stderr: '' });
    expect(await fx.api.client.sessions.get.query({ id: sessionId })).toMatchObject({ agentStatus: 'waiting', agent: 'claude', agentSessionId: threadId });
  });

  it('a token of a user that is not the owner can neither watch nor report', async () => {
    const stray = addStrayUser(fx.home, 'mallory');
    const other = apiClient(fx.daemon, { kind: 'cli', token: stray.token });
    const seen: StatusEvent[] = [];
    let failed: unknown;
    const subscription = other.client.orchestrators.onStatus.subscribe(undefined, {
      onData: (event) => seen.push(event.data),
      onError: (error) => (failed = error),
    });
    try {
      await waitUntil(() => failed !== undefined, 'the subscription to be refused');
      expect(await codeOf(other.client.hooks.report.mutate({ sessionId, event: 'stop' }))).toBe(
        'UNAUTHORIZED',
      );
      const run = await hook(['running'], { ...env(), RDV_TOKEN: stray.token });
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/^rdv hook: UNAUTHORIZED: .*; status not reported\n$/);
      expect((await hook(['stop'], env())).code).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(seen).toEqual([]);
    } finally {
      subscription.unsubscribe();
      await other.close();
    }
  });

  it('exits 0 with a one-line warning, quickly, when the daemon is down', async () => {
    const empty = makeHome();
    try {
      const run = await hook(['stop'], {
        RDV_HOME: empty,
        RDV_SESSION_ID: sessionId,
        RDV_TOKEN: fx.daemon.cliToken(),
      });
      expect(run.code).toBe(0);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(
        /^rdv hook: rdv-server is not running \(no answer on .*api\.sock\); status not reported\n$/,
      );
      expect(run.ms).toBeLessThan(5_000);
    } finally {
      cleanupHome(empty);
    }
  });

  it('exits 0 with a one-line warning outside an rdv session and for an unknown event', async () => {
    const outside = await hook(['stop'], { RDV_HOME: fx.home, RDV_SESSION_ID: '' });
    expect(outside).toMatchObject({ code: 0, stdout: '' });
    expect(outside.stderr).toContain('RDV_SESSION_ID is not set');
    // A hook `rdv hooks install` wrote runs in the agent's sessions outside rdv too: silently.
    const installedHook = await hook(['--agent', 'claude'], { RDV_HOME: fx.home, RDV_SESSION_ID: '' }, '{"hook_event_name":"Stop"}');
    expect(installedHook).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const unknown = await hook(['exploded'], env());
    expect(unknown).toMatchObject({ code: 0, stdout: '' });
    expect(unknown.stderr).toMatch(/^rdv hook: invalid input: .*unknown hook event.*\n$/);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    const noEvent = await hook([], env(), 'not json');
    expect(noEvent.code).toBe(0);
    expect(noEvent.stderr).toContain('no event given');
  });
});
