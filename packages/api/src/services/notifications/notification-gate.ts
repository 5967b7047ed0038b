import type { NotificationState } from './notification-settings.ts';

/** What to do with a notification for a session's current state. */
export type GateDecision =
  | { kind: 'send' }
  /** This state of this session was already notified: one notification per state change. */
  | { kind: 'duplicate' }
  /** The state is not among those configured to be sent. */
  | { kind: 'disabled' }
  /** Quiet hours: dropped, not queued (a pile of stale alerts at 7:00 helps nobody). */
  | { kind: 'quiet' }
  /** Too soon after this session's last notification: ask again in `afterMs`. */
  | { kind: 'later'; afterMs: number };

export interface GateSettings {
  states: ReadonlySet<NotificationState>;
  minIntervalMs: number;
  quietHours: { startMinute: number; endMinute: number } | null;
}

interface SessionTrack {
  /** The notifiable state the session is in now, or null (running, idle at a prompt). */
  state: NotificationState | null;
  /** Whether `state` has been notified since the session entered it. */
  notified: boolean;
  lastSentMs: number | null;
}

/**
 * Rate limit and de-duplication per session, and quiet hours. Every status change is `observe`d
 * (so "waiting, running, waiting" is two changes but "waiting" reported twice is one); `decide`
 * answers whether a notification for the current state goes now. Pure: the caller owns timers.
 */
export class NotificationGate {
  private readonly sessions = new Map<string, SessionTrack>();

  constructor(
    private readonly settings: GateSettings,
    private readonly now: () => Date,
  ) {}

  /** The session is in `state` now (null: a state nobody is told about). */
  observe(sessionId: string, state: NotificationState | null): void {
    const track = this.track(sessionId);
    if (track.state === state) return;
    track.state = state;
    track.notified = false;
  }

  /**
   * May a notification for `state` go now? `send` records it as sent. `waited`: this is the
   * second ask after a `later`, whose wait is over (by the timer, whatever the clock says).
   */
  decide(sessionId: string, state: NotificationState, waited = false): GateDecision {
    if (!this.settings.states.has(state)) return { kind: 'disabled' };
    const track = this.track(sessionId);
    // The session moved on since (answered, or another state): this notification is stale.
    if (track.state !== state || track.notified) return { kind: 'duplicate' };
    const nowDate = this.now();
    if (inQuietHours(nowDate, this.settings.quietHours)) {
      track.notified = true;
      return { kind: 'quiet' };
    }
    const nowMs = nowDate.getTime();
    if (track.lastSentMs !== null && !waited) {
      const waitMs = track.lastSentMs + this.settings.minIntervalMs - nowMs;
      if (waitMs > 0) return { kind: 'later', afterMs: waitMs };
    }
    track.notified = true;
    track.lastSentMs = nowMs;
    return { kind: 'send' };
  }

  /** The notifiable state the session is in, as last observed. */
  current(sessionId: string): NotificationState | null {
    return this.sessions.get(sessionId)?.state ?? null;
  }

  /** Forgets a session that is gone. */
  forget(sessionId: string): void {
    this.sessions.delete(sessionId);
  }

  private track(sessionId: string): SessionTrack {
    let track = this.sessions.get(sessionId);
    if (!track) {
      track = { state: null, notified: false, lastSentMs: null };
      this.sessions.set(sessionId, track);
    }
    return track;
  }
}

/** `[start, end)` in local minutes after midnight; wraps midnight when start > end. */
export function inQuietHours(
  at: Date,
  quiet: { startMinute: number; endMinute: number } | null,
): boolean {
  if (!quiet || quiet.startMinute === quiet.endMinute) return false;
  const minute = at.getHours() * 60 + at.getMinutes();
  return quiet.startMinute < quiet.endMinute
    ? minute >= quiet.startMinute && minute < quiet.endMinute
    : minute >= quiet.startMinute || minute < quiet.endMinute;
}
