import { randomBytes } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { InputPump } from '@rdv/client/input-pump';
import type { TerminalChannel } from '@rdv/client/terminal-channel';
import type { TerminalStreamEvent } from '@rdv/contract';
import type { CliContext } from '../context.ts';
import { printable } from '../format/table.ts';
import { describeDetachKey, DetachMatcher } from './detach-keys.ts';
import { RawTerminal } from './terminal-state.ts';

/** A lost connection shows a notice after this long (a blip resumes silently). */
export const RECONNECT_NOTICE_MS = 1_500;
/** How long a detach waits for keys still in flight before closing the connection. */
const DRAIN_TIMEOUT_MS = 500;
/** Resizes during a window drag are coalesced over this window. */
const RESIZE_DEBOUNCE_MS = 30;
/** WebSocket close code of a daemon shutting down: the next daemon's stream offsets start over. */
const DAEMON_SHUTDOWN_CLOSE_CODE = 1001;
/** Reconnect quickly first (a restart takes about a second), then every few seconds. */
const retryDelayMs = (attempt: number) => Math.min(250 * 2 ** attempt, 4_000);
/** Signals that end an attach from outside; the terminal is restored first. */
const EXIT_SIGNALS = ['SIGTERM', 'SIGHUP', 'SIGINT', 'SIGQUIT'] as const;

interface Unsubscribable {
  unsubscribe(): void;
}

export type AttachOutcome =
  | { kind: 'detached' }
  | { kind: 'exited'; code: number | null }
  | { kind: 'suspended' }
  | { kind: 'ended' }
  | { kind: 'failed'; message: string }
  | { kind: 'signal'; signal: NodeJS.Signals };

export interface LiveAttachOptions {
  sessionId: string;
  sessionName: string;
  /** The single-byte detach key ('' for none; Ctrl-b d always works). */
  detachKey: string;
  /** History lines in the first snapshot. @default 0 (the screen only, like tmux attach) */
  historyLines?: number;
}

/**
 * `rdv attach`: the local terminal in raw mode, live on the session's terminal channel (its own
 * socket on terminal.sock: `terminal.attach`'s stream, `terminal.input`, `terminal.resize`).
 * Keys go through @rdv/client's input pump (one stable clientId per attach, numbered chunks,
 * one call in flight), SIGWINCH to a resize.
 * It ends on the detach key, the session's exit or suspension, a stream error or a signal, and
 * always restores the terminal. A lost connection is retried by the channel, which asks again
 * with the last event's id, so the stream resumes exactly where it stopped; when that is not
 * possible the daemon sends a snapshot, which redraws the screen.
 */
export async function liveAttach(ctx: CliContext, opts: LiveAttachOptions): Promise<AttachOutcome> {
  const clientId = `cli-${randomBytes(8).toString('hex')}`;
  const { stdin, stdout } = ctx;
  const size = () => ({
    cols: clamp(stdout.columns ?? 80, 2, 1000),
    rows: clamp(stdout.rows ?? 24, 2, 500),
  });
  let daemonRestarted = false;
  let channel: TerminalChannel | undefined;
  const terminal = new RawTerminal(stdin, stdout);

  return new Promise<AttachOutcome>((resolve) => {
    let subscription: Unsubscribable | undefined;
    let finished = false;
    let noticeTimer: NodeJS.Timeout | undefined;
    let noticeShown = false;
    let resizeTimer: NodeJS.Timeout | undefined;
    const decoder = new StringDecoder('utf8');
    const matcher = new DetachMatcher(opts.detachKey);
    // One call in flight, numbered: keys not acknowledged when the connection drops go again
    // once it is back, and the daemon applies each once.
    const pump = new InputPump({
      send: ({ seq, data }) => channel!.input({ data, inputSeq: seq }),
    });

    const finish = (outcome: AttachOutcome) => {
      if (finished) return;
      finished = true;
      clearTimeout(noticeTimer);
      clearTimeout(resizeTimer);
      stdin.off('data', onInput);
      stdout.off('resize', onResize);
      for (const signal of EXIT_SIGNALS) process.off(signal, onSignal);
      subscription?.unsubscribe();
      terminal.restore(messageFor(outcome, opts));
      // Keys typed just before detaching still go out, unless the daemon is unreachable.
      const drained = Promise.race([
        pump.drain(),
        new Promise((r) => setTimeout(r, DRAIN_TIMEOUT_MS)),
      ]);
      void drained.finally(() => {
        channel?.close();
        resolve(outcome);
      });
    };

    const onInput = (chunk: Buffer | string) => {
      const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
      const { forward, detach } = matcher.feed(text);
      if (forward) pump.push(forward);
      if (detach) finish({ kind: 'detached' });
    };
    const onResize = () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => {
        channel?.resize(size()).catch(() => undefined);
      }, RESIZE_DEBOUNCE_MS);
    };
    const onSignal = (signal: NodeJS.Signals) => finish({ kind: 'signal', signal });

    const onEvent = (event: TerminalStreamEvent) => {
      switch (event.type) {
        case 'snapshot':
          // A snapshot replaces the screen: clear it, then draw (the data starts with a reset).
          stdout.write(`\x1b[H\x1b[2J${event.data}`);
          return;
        case 'output':
          stdout.write(event.data);
          return;
        case 'resume':
        case 'size':
          // The local terminal keeps its own size (sizes go the other way: SIGWINCH → resize).
          return;
        case 'exit':
          return finish({ kind: 'exited', code: event.code });
        case 'suspended':
          return finish({ kind: 'suspended' });
        case 'error':
          return finish({ kind: 'failed', message: event.message });
      }
    };

    // Replacing a subscription completes the old one: only the newest may end the attach.
    let generation = 0;
    const subscribe = () => {
      const mine = ++generation;
      const current = () => mine === generation;
      subscription?.unsubscribe();
      subscription = channel!.attach(
        { sessionId: opts.sessionId, clientId, historyLines: opts.historyLines ?? 0, ...size() },
        {
          onData: ({ event }) => current() && onEvent(event),
          onError: (error) => current() && finish({ kind: 'failed', message: error.message }),
          onComplete: () => current() && finish({ kind: 'ended' }),
          onConnectionStateChange: (state) => {
            if (!current()) return;
            if (state.state === 'connecting' && state.error) {
              pump.pause();
              noticeTimer ??= setTimeout(() => {
                noticeShown = true;
                stdout.write(
                  `\r\n\x1b[7m[rdv: connection to the daemon lost; reconnecting... ${describeDetachKey(opts.detachKey)} detaches]\x1b[0m\r\n`,
                );
              }, RECONNECT_NOTICE_MS);
            } else if (state.state === 'pending') {
              clearTimeout(noticeTimer);
              noticeTimer = undefined;
              // A new daemon does not know what the old one applied: drop rather than risk
              // typing a command twice.
              if (daemonRestarted) pump.clear();
              if (!pump.isOnline) pump.resume();
              // A new daemon numbers its stream afresh, and a notice is on screen: redraw from a
              // snapshot rather than resume from an offset that means something else now.
              if (noticeShown || daemonRestarted) {
                noticeShown = false;
                daemonRestarted = false;
                subscribe();
              }
            }
          },
        },
      );
    };

    ctx
      .terminalChannel({
        retryDelayMs,
        onClose: (code) => {
          if (code === DAEMON_SHUTDOWN_CLOSE_CODE) daemonRestarted = true;
        },
      })
      .then((opened) => {
        channel = opened;
        terminal.enter();
        stdin.on('data', onInput);
        stdout.on('resize', onResize);
        for (const signal of EXIT_SIGNALS) process.on(signal, onSignal);
        subscribe();
      })
      .catch((error: unknown) => finish({ kind: 'failed', message: (error as Error).message }));
  });
}

function messageFor(outcome: AttachOutcome, opts: LiveAttachOptions): string {
  const name = printable(opts.sessionName);
  switch (outcome.kind) {
    case 'detached':
      return `[rdv: detached from ${name}]`;
    case 'exited':
      return outcome.code === null
        ? `[rdv: ${name} was closed]`
        : `[rdv: ${name} exited with code ${outcome.code}]`;
    case 'suspended':
      return `[rdv: ${name} was suspended; rdv session resume ${opts.sessionId} to go on]`;
    case 'ended':
      return `[rdv: the stream of ${name} ended]`;
    case 'failed':
      return `[rdv: attach to ${name} failed: ${printable(outcome.message)}]`;
    case 'signal':
      return `[rdv: ${outcome.signal}; detached from ${name}]`;
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(value)));
}
