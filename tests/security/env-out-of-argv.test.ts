// Issue 12, finding 2: session env (e.g. ANTHROPIC_API_KEY) went to tmux as `new-session -e
// NAME=value`, readable by every OS user in `ps`, and the tmux server kept its first client's
// argv for life. No env value, start-up command or typed text may appear in any process's argv at
// any moment: a separate process samples every /proc/<pid>/cmdline in a tight loop during 50
// creates (and proves it saw the tmux clients and the server, so it cannot pass by seeing nothing).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { tmuxServerPids } from '../helpers/pane-process.ts';
import { waitUntil } from '@rdv/test-support';

const CREATES = 50;
const WITH_COMMAND = 5;

interface SamplerReport {
  rounds: number;
  watched: number[];
  hits: Array<{ pid: number; needle: string; argv: string }>;
}

/** Starts the sampler; resolves once it samples, with a stop() that returns its report. */
async function startSampler(needles: string[], watch: string) {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'cmdline-sampler.mjs')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  child.stdin.write(`${JSON.stringify({ needles, watch })}\n`);
  expect((await lines.next()).value).toBe('ready');
  return {
    async stop(): Promise<SamplerReport> {
      child.stdin.end('stop\n');
      return JSON.parse((await lines.next()).value as string) as SamplerReport;
    },
  };
}

describe('no secret in any argv', () => {
  const fx = useDaemon({ config: '[limits]\nexpensive_per_second = 1000\nexpensive_burst = 1000\n' });

  it(`${CREATES} creates with secret env, preference env, start-up commands and exec text`, async () => {
    const secret = (what: string) => `rdv-${what}-${randomBytes(12).toString('hex')}`;
    const preferenceSecret = secret('pref');
    const perSession = Array.from({ length: CREATES }, () => ({ env: secret('env'), command: secret('cmd'), exec: secret('exec') }));
    const needles = [preferenceSecret, ...perSession.flatMap((s) => [s.env, s.command, s.exec])];
    await fx.api.client.preferences.set.mutate({ values: { env: { OPENAI_API_KEY: preferenceSecret } } });

    // Started before the tmux server exists: the first client's argv is the server's for life.
    // Every tmux server's socket starts so (tmux.sock, tmux-1.sock, ...).
    const sampler = await startSampler(needles, join(fx.home, 'tmux'));
    const sessions: Array<{ id: string; echo: string }> = [];
    for (const [i, s] of perSession.entries()) {
      const withCommand = i < WITH_COMMAND;
      const session = await fx.api.client.sessions.create.mutate({
        cwd: fx.home,
        env: { ANTHROPIC_API_KEY: s.env },
        // `:` is a shell builtin: the secret is typed, never a process's argument.
        ...(withCommand ? { command: `: ${s.command}; echo started-${i}` } : {}),
      });
      if (withCommand) {
        await fx.api.client.sessions.exec.mutate({ id: session.id, text: `: ${s.exec}; echo typed-${i}` });
        sessions.push({ id: session.id, echo: `typed-${i}` });
      } else {
        await fx.api.client.sessions.close.mutate({ id: session.id });
      }
    }
    for (const { id, echo } of sessions) {
      await waitUntil(async () => (await fx.api.client.sessions.scrollback.query({ id, lines: 50 })).text.includes(`\n${echo}`), echo);
    }
    const serverPids = tmuxServerPids(fx.home);
    const report = await sampler.stop();

    console.log(`[argv-sampler] ${report.rounds} rounds, ${report.watched.length} tmux processes seen`);
    expect(report.hits).toEqual([]);
    // Not vacuous: it sampled often, saw the server itself and short-lived tmux clients. A round
    // reads every process on the machine, ~15 a second on a loaded 2-core machine, so it catches
    // only some of the 100+ clients the creates run (20 of them in a CI run at load 9); 10 is
    // far above what a sampler that missed them all would see.
    expect(report.rounds).toBeGreaterThan(50);
    expect(serverPids.length).toBeGreaterThan(0);
    expect(report.watched.filter((pid) => serverPids.includes(pid)).length).toBeGreaterThan(0);
    expect(report.watched.filter((pid) => !serverPids.includes(pid)).length).toBeGreaterThanOrEqual(10);
  });
});
