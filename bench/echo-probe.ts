// One key at a time into a shell at its prompt, timing until its echo comes back: shared by the
// keystroke, CLI, fleet and flood benches.
import { spawn } from 'node:child_process';
import { waitUntil } from '@rdv/test-support';
import { COLS, ROWS, benchPty, onCleanup, rotation, sleep } from './harness.ts';

/** Keys typed before the line is cleared (C-u), outside the timing. */
export const LINE_RESET = 60;
export const ECHO_TIMEOUT_MS = 2_000;
export const CHARS = 'abcdefghijklmnopqrstuvwxyz';

export interface Probe {
  name: string;
  /** Writes one key. */
  send(data: string): void;
  samples: number[];
  lost: number;
  typed: number;
  /** Feed output here. */
  receive(data: string): void;
  lastDataAt: number;
  pending?: { ch: string; t0: number; done: (ms: number | null) => void };
}

export function makeProbe(name: string, send: (data: string) => void): Probe {
  const probe: Probe = {
    name,
    send,
    samples: [],
    lost: 0,
    typed: 0,
    lastDataAt: 0,
    receive(data) {
      const now = performance.now();
      probe.lastDataAt = now;
      const p = probe.pending;
      if (p && data.includes(p.ch)) {
        probe.pending = undefined;
        p.done(now - p.t0);
      }
    },
  };
  return probe;
}

export async function keystroke(probe: Probe, ch: string): Promise<void> {
  const ms = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      probe.pending = undefined;
      resolve(null);
    }, ECHO_TIMEOUT_MS);
    probe.pending = {
      ch,
      t0: performance.now(),
      done: (value) => {
        clearTimeout(timer);
        resolve(value);
      },
    };
    probe.send(ch);
  });
  if (ms === null) probe.lost++;
  else probe.samples.push(ms);
  probe.typed++;
}

/** C-u, then wait until the line redraw has gone by. */
export async function resetLine(probe: Probe): Promise<void> {
  probe.send('\x15');
  const sent = performance.now();
  await waitUntil(
    () => performance.now() - Math.max(sent, probe.lastDataAt) > 40,
    `${probe.name} quiet`,
    5_000,
    5,
  );
}

/** A few keys each (interleaved), not counted; then every probe starts counting on a clean line. */
export async function warmUp(probes: readonly Probe[], keys = 20): Promise<void> {
  for (const probe of probes) await resetLine(probe);
  for (let i = 0; i < keys; i++)
    for (const probe of probes) await keystroke(probe, CHARS[i % CHARS.length]!);
  for (const probe of probes) {
    probe.samples = [];
    probe.lost = 0;
    probe.typed = 0;
    await resetLine(probe);
  }
}

/** An echo probe on a pty (node-pty) running `file`, killed at clean-up. */
export function ptyProbe(name: string, file: string, args: string[], env: NodeJS.ProcessEnv): Probe {
  const pty = benchPty(file, args, env);
  const probe = makeProbe(name, (data) => pty.write(data));
  pty.onData((data) => probe.receive(data));
  return probe;
}

/**
 * One probe's phase of `count` keys, one at a time, `gapMs` plus a random part of it apart (as a
 * person types), on a cleared line (cleared again every LINE_RESET keys); its samples and lost
 * count start from zero.
 */
export async function typeKeys(probe: Probe, count: number, gapMs: number): Promise<void> {
  probe.samples = [];
  probe.lost = 0;
  await resetLine(probe);
  for (let i = 0; i < count; i++) {
    if (probe.typed > 0 && probe.typed % LINE_RESET === 0) await resetLine(probe);
    await keystroke(probe, CHARS[i % CHARS.length]!);
    await sleep(gapMs + Math.random() * gapMs);
  }
}

/** How a bench attaches to tmux (`Tmux.attachArgs`). */
export interface AttachArgs {
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/** The same `tmux attach`, as a control-mode client: `-C` after the global `-u`. */
export function asControlClient(attach: AttachArgs): AttachArgs {
  const u = attach.args.indexOf('-u');
  return { ...attach, args: [...attach.args.slice(0, u + 1), '-C', ...attach.args.slice(u + 1)] };
}

/**
 * An echo probe on a `tmux -C` client of session `target`, spawned by this process (no rdv code):
 * keys go in as `send-keys -H`, and only `%output` lines count as what it shows (a reply's
 * `%begin`/`%end` would match a key's letter). Killed at clean-up.
 */
export function controlProbe(name: string, attach: AttachArgs, target: string): Probe {
  const control = asControlClient(attach);
  const child = spawn(control.file, control.args, {
    env: control.env,
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  onCleanup(() => void child.kill());
  const probe = makeProbe(name, (data) =>
    child.stdin.write(
      `send-keys -t ${target} -H ${Buffer.from(data).toString('hex').replace(/../g, '$& ')}\n`,
    ),
  );
  child.stdout.setEncoding('utf8');
  let partial = '';
  child.stdout.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    const output = lines.filter((line) => line.startsWith('%output '));
    if (output.length > 0) probe.receive(output.join('\n'));
  });
  child.stdin.write(`refresh-client -C ${COLS}x${ROWS}\n`);
  return probe;
}

/**
 * `count` keys into each probe, one at a time, the probes in turns (rotated every round so none
 * always goes first), the line cleared every LINE_RESET keys; `pauseMs` between keys, then
 * `afterRound` after each round.
 */
export async function typeInTurns(
  probes: readonly Probe[],
  count: number,
  options: { pauseMs?: () => number; afterRound?: () => Promise<void> } = {},
): Promise<void> {
  for (let i = 0; i < count; i++) {
    for (const probe of rotation(probes, i)) {
      if (probe.typed > 0 && probe.typed % LINE_RESET === 0) await resetLine(probe);
      await keystroke(probe, CHARS[i % CHARS.length]!);
      if (options.pauseMs) await sleep(options.pauseMs());
    }
    await options.afterRound?.();
  }
}
