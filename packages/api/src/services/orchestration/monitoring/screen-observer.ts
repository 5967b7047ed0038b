import { createHash } from 'node:crypto';
import type { Tmux, TmuxSessionInfo } from '@rdv/terminal';
import { captureScreens, type CapturedScreen } from './batch-capture.ts';
import type { ApiLogger } from '../../../types.ts';
import {
  activityText,
  classifyScreen,
  stripSgr,
  type ScreenVerdict,
} from '../agent-status/screen-heuristics.ts';
import { readPrompt, type ScreenPrompt } from '../agent-status/screen-prompt.ts';

/** Captures running at once; each is one short tmux call (2-3 ms), so a few suffice. @default 4 */
export const DEFAULT_MAX_CONCURRENT_CAPTURES = 4;
/** A failing capture is retried after this many wake-ups at most (1, 2, 4, 8, then 16). */
export const MAX_CAPTURE_BACKOFF_FACTOR = 16;

export interface ObservedSession {
  id: string;
  tmuxName: string;
  kind: string;
}

/** What the observer knows about one session's pane. */
export interface Observation {
  /** Hash of the visible screen's text, busy-marker lines left out (see activityText). */
  hash: string;
  /** Plain text of the visible screen, for the next heuristic read. */
  text: string;
  /** tmux `session_activity` in ms at the last read. */
  activityMs: number;
  /** When the screen or tmux activity last changed (the injected clock); first read counts. */
  changedAtMs: number;
  /** The read before this one saw something else. */
  changedNow: boolean;
  verdict: ScreenVerdict;
  /** The prompt the screen shows that can be answered without attaching (see screen-prompt.ts). */
  prompt: ScreenPrompt | null;
  /** The pane's process ended (remain-on-exit keeps it until the reconcile closes the session). */
  dead: boolean;
  deadStatus: number | null;
}

interface Failure {
  count: number;
  retryAtMs: number;
}

/**
 * Reads session screens for the monitor: one `capture-pane` + `display` per session (a single
 * atomic tmux call), a few at a time, or all of them in one call (`observeBatch`), and
 * remembers the previous read so changes and "unchanged across two reads" can be told. A
 * failing session backs off exponentially and never fails the others.
 */
export class ScreenObserver {
  private readonly observations = new Map<string, Observation>();
  private readonly failures = new Map<string, Failure>();

  constructor(
    private readonly tmux: Pick<Tmux, 'captureForReplay'> & Partial<Pick<Tmux, 'run'>>,
    private readonly logger: ApiLogger,
    private readonly maxConcurrent = DEFAULT_MAX_CONCURRENT_CAPTURES,
  ) {}

  /**
   * Reads every session (skipping those backing off) and returns the fresh observations by
   * session id. `panes` is one `listSessions()` for activity times and dead panes; `retryBaseMs`
   * is the wake-up interval backoff multiplies.
   */
  async observe(
    sessions: ObservedSession[],
    panes: ReadonlyMap<string, TmuxSessionInfo>,
    nowMs: number,
    retryBaseMs: number,
    signal?: AbortSignal,
  ): Promise<Map<string, Observation>> {
    const fresh = new Map<string, Observation>();
    const due = sessions.filter(
      (s) => (this.failures.get(s.id)?.retryAtMs ?? 0) <= nowMs && panes.has(s.tmuxName),
    );
    await forEachLimited(due, this.maxConcurrent, async (session) => {
      if (signal?.aborted) return;
      const pane = panes.get(session.tmuxName) as TmuxSessionInfo;
      try {
        const observation = await this.read(session, pane, nowMs);
        this.observations.set(session.id, observation);
        this.failures.delete(session.id);
        fresh.set(session.id, observation);
      } catch (error) {
        const count = (this.failures.get(session.id)?.count ?? 0) + 1;
        const factor = Math.min(2 ** (count - 1), MAX_CAPTURE_BACKOFF_FACTOR);
        this.failures.set(session.id, { count, retryAtMs: nowMs + retryBaseMs * factor });
        if (count === 1)
          this.logger.warn(
            { err: error, session: session.id },
            'monitor could not read a session; backing off',
          );
      }
    });
    return fresh;
  }

  /**
   * Like `observe`, but reads every session's screen in one tmux call (see batch-capture.ts).
   * If that call fails (a session vanished between the census and the capture), each session
   * is read on its own instead, with the usual backoff.
   */
  async observeBatch(
    sessions: ObservedSession[],
    panes: ReadonlyMap<string, TmuxSessionInfo>,
    nowMs: number,
    retryBaseMs: number,
  ): Promise<Map<string, Observation>> {
    const due = sessions.filter(
      (s) => (this.failures.get(s.id)?.retryAtMs ?? 0) <= nowMs && panes.has(s.tmuxName),
    );
    if (due.length === 0 || !this.tmux.run) return this.observe(due, panes, nowMs, retryBaseMs);
    let screens: Map<string, CapturedScreen>;
    try {
      screens = await captureScreens(
        { run: this.tmux.run.bind(this.tmux) },
        due.map((s) => s.tmuxName),
      );
    } catch {
      return this.observe(due, panes, nowMs, retryBaseMs);
    }
    const fresh = new Map<string, Observation>();
    for (const session of due) {
      const screen = screens.get(session.tmuxName);
      if (!screen) continue;
      const observation = this.interpret(
        session,
        panes.get(session.tmuxName) as TmuxSessionInfo,
        nowMs,
        screen,
      );
      this.observations.set(session.id, observation);
      this.failures.delete(session.id);
      fresh.set(session.id, observation);
    }
    return fresh;
  }

  /** The last observation of a session, if it is still watched. */
  last(sessionId: string): Observation | undefined {
    return this.observations.get(sessionId);
  }

  /** Forgets sessions that are no longer watched. */
  retain(sessionIds: ReadonlySet<string>): void {
    for (const id of this.observations.keys())
      if (!sessionIds.has(id)) this.observations.delete(id);
    for (const id of this.failures.keys()) if (!sessionIds.has(id)) this.failures.delete(id);
  }

  private async read(
    session: ObservedSession,
    pane: TmuxSessionInfo,
    nowMs: number,
  ): Promise<Observation> {
    const { lines, info } = await this.tmux.captureForReplay(session.tmuxName, 0);
    return this.interpret(session, pane, nowMs, {
      lines: lines.map(stripSgr),
      cursorX: info.cursorX,
      cursorY: info.cursorY,
      alternateOn: info.alternateOn,
      dead: info.dead,
      deadStatus: info.deadStatus,
    });
  }

  private interpret(
    session: ObservedSession,
    pane: TmuxSessionInfo,
    nowMs: number,
    info: CapturedScreen,
  ): Observation {
    // Trailing blanks differ between plain and coloured captures: never a change on screen.
    const text = info.lines.map((line) => line.replace(/\s+$/, '')).join('\n');
    const hash = createHash('sha1').update(activityText(text)).digest('hex');
    const previous = this.observations.get(session.id);
    const activityMs = pane.activity.getTime();
    const changed = !previous || previous.hash !== hash || activityMs > previous.activityMs;
    const verdict = classifyScreen(
      {
        text,
        cursorX: info.cursorX,
        cursorY: info.cursorY,
        alternateScreen: info.alternateOn,
        kind: session.kind === 'agent' ? 'agent' : 'shell',
      },
      previous?.text ?? null,
    );
    return {
      hash,
      text,
      activityMs,
      changedAtMs: changed ? nowMs : (previous?.changedAtMs ?? nowMs),
      changedNow: changed && previous !== undefined,
      verdict,
      prompt: readPrompt(info)?.prompt ?? null,
      dead: info.dead || pane.paneDead,
      deadStatus: info.deadStatus ?? pane.paneDeadStatus,
    };
  }
}

/** Runs `fn` over `items`, at most `limit` at a time. */
export async function forEachLimited<T>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
