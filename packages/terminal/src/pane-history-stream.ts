// Runs the history script (pane-history.ts) in one spawned tmux client and streams its output.
import { spawn } from 'node:child_process';
import {
  HISTORY_BLOCK_LINES,
  HistoryParser,
  historyScript,
  type HistoryBlock,
} from './pane-history.ts';
import { TmuxError } from './tmux-error.ts';
import type { Tmux } from './tmux-servers.ts';
import type { TmuxServer } from './tmux.ts';
import { scriptArgv } from './tmux-script.ts';

/** Upper bound for one history invocation (many sessions, each up to history-limit lines). */
export const HISTORY_TIMEOUT_MS = 20_000;
/** stderr kept for an error message. */
const MAX_STDERR_CHARS = 4_096;

export interface PaneHistoryOptions {
  signal?: AbortSignal;
  /** @default HISTORY_TIMEOUT_MS */
  timeoutMs?: number;
  /** @default HISTORY_BLOCK_LINES */
  blockLines?: number;
}

/**
 * The history and screen of each session in `names`, in that order, as blocks of plain-text
 * lines, from ONE tmux client spawned for the purpose (not the daemon's control channel, which
 * other commands share, and which a few MB of capture would hold up). Output is read as it
 * comes and paused while the consumer works, so memory stays at a block however long the
 * histories are. Sessions that are gone are left out. Breaking out of the loop (or `signal`)
 * kills the client. argv is only `-S socket -f config source-file -`; the targets go on stdin.
 */
export async function* paneHistories(
  tmux: Tmux,
  names: readonly string[],
  options: PaneHistoryOptions = {},
): AsyncGenerator<HistoryBlock> {
  if (names.length === 0) return;
  // One client per server, in runs that keep `names`' order.
  for (const run of await tmux.serverRuns(names)) yield* historiesOn(run.server, run.names, options);
}

async function* historiesOn(
  server: TmuxServer,
  names: readonly string[],
  {
    signal,
    timeoutMs = HISTORY_TIMEOUT_MS,
    blockLines = HISTORY_BLOCK_LINES,
  }: PaneHistoryOptions,
): AsyncGenerator<HistoryBlock> {
  signal?.throwIfAborted();
  const { bin, globalArgs, env } = server.controlArgs();
  const args = [...globalArgs, ...scriptArgv({ startServer: false })];
  const child = spawn(bin, args, { env, stdio: ['pipe', 'pipe', 'pipe'], signal });
  let stderr = '';
  let timedOut = false;
  const exited = new Promise<number | null>((resolve) => {
    child.once('close', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (data: string) => {
    if (stderr.length < MAX_STDERR_CHARS) stderr += data;
  });
  // tmux exits without reading stdin when it cannot run at all (no server).
  child.stdin.on('error', () => undefined);
  child.stdin.end(historyScript(names));
  child.stdout.setEncoding('utf8');
  const parser = new HistoryParser(names, blockLines);
  try {
    for await (const chunk of child.stdout as AsyncIterable<string>) {
      for (const block of parser.push(chunk)) yield block;
    }
    const code = await exited;
    if (spawnError && !signal?.aborted) throw spawnError;
    signal?.throwIfAborted();
    if (timedOut || !parser.complete) {
      throw new TmuxError(['source-file', '-', `(history of ${names.length} sessions)`], {
        stderr,
        exitCode: code,
        timedOut,
      });
    }
    // A non-zero exit is expected when a session ended meanwhile ("can't find session"): its
    // line failed alone. Anything else (a server that cannot be reached) left no output.
  } finally {
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
