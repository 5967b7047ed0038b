import pkg from '@xterm/headless';
import { waitUntil } from '@rdv/test-support';
import type { TRPCClient } from '@trpc/client';
import type { AppRouter } from '@rdv/api';

const { Terminal } = pkg;

export type StreamEvent =
  | { type: 'snapshot'; data: string; cols: number; rows: number }
  | { type: 'output'; data: string }
  | { type: 'exit'; code: number | null }
  | { type: 'suspended' }
  | { type: 'error'; message: string };

export interface Received {
  id?: string;
  event: StreamEvent;
}

/** A live `terminal.attach` subscription that records what it receives. */
export interface Attachment {
  received: Received[];
  /** Output text (snapshot excluded). */
  output(): string;
  /** Snapshot + output, in order: what a terminal would have been fed. */
  all(): string;
  lastId(): string | undefined;
  ended: Promise<'complete' | Error>;
  waitFor(predicate: (a: Attachment) => boolean, what: string, timeoutMs?: number): Promise<void>;
  waitForText(text: string, timeoutMs?: number): Promise<void>;
  unsubscribe(): void;
}

/** The stream offset of a `terminal.attach` event id (`<hub epoch>:<seq>`). */
export function seqOf(id: string | undefined): number {
  return Number(id?.split(':')[1] ?? NaN);
}

export function attach(
  client: TRPCClient<AppRouter>,
  input: { sessionId: string; lastEventId?: string; cols?: number; rows?: number; clientId?: string },
): Attachment {
  const received: Received[] = [];
  let resolveEnded!: (value: 'complete' | Error) => void;
  const ended = new Promise<'complete' | Error>((resolve) => (resolveEnded = resolve));
  const subscription = client.terminal.attach.subscribe(input, {
    onData(value: unknown) {
      const v = value as { id?: string; data?: StreamEvent } & StreamEvent;
      if (v && typeof v === 'object' && 'id' in v && 'data' in v && typeof v.data === 'object') {
        received.push({ id: v.id, event: v.data });
      } else {
        received.push({ event: v });
      }
    },
    onError: (error: unknown) => resolveEnded(error as Error),
    onComplete: () => resolveEnded('complete'),
    onStopped: () => resolveEnded('complete'),
  });
  const self: Attachment = {
    received,
    output: () =>
      received.map((r) => (r.event.type === 'output' ? r.event.data : '')).join(''),
    all: () =>
      received
        .map((r) => (r.event.type === 'output' || r.event.type === 'snapshot' ? r.event.data : ''))
        .join(''),
    lastId: () => [...received].reverse().find((r) => r.id !== undefined)?.id,
    ended,
    waitFor: (predicate, what, timeoutMs = 15_000) =>
      waitUntil(() => predicate(self), () => `${what}; got ${JSON.stringify(self.all().slice(-500))}`, timeoutMs, 10),
    waitForText: (text, timeoutMs) => self.waitFor((a) => a.all().includes(text), JSON.stringify(text), timeoutMs),
    unsubscribe: () => subscription.unsubscribe(),
  };
  return self;
}

/** Renders a stream like the browser's xterm.js does. */
export function createScreen(cols: number, rows: number, scrollback = 1_000) {
  const term = new Terminal({ cols, rows, scrollback, allowProposedApi: true });
  const line = (y: number) => term.buffer.active.getLine(y)?.translateToString(true) ?? '';
  return {
    write: (data: string) => new Promise<void>((resolve) => term.write(data, resolve)),
    visibleLines(): string[] {
      const base = term.buffer.active.baseY;
      return trimTrailing(Array.from({ length: rows }, (_, i) => line(base + i).replace(/\s+$/, '')));
    },
    /** Scrollback and screen, top to bottom. */
    allLines(): string[] {
      const length = term.buffer.active.length;
      return trimTrailing(Array.from({ length }, (_, i) => line(i).replace(/\s+$/, '')));
    },
    dispose: () => term.dispose(),
  };
}

export function trimTrailing(lines: string[]): string[] {
  const out = [...lines];
  while (out.length > 0 && out.at(-1) === '') out.pop();
  return out;
}
