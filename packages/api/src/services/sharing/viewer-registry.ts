/** Why a viewer's stream was ended by rdv (rather than by the viewer leaving). */
export type EndReason = 'revoked' | 'expired' | 'closed';

/** One open viewer: its stream ends when `signal` aborts; `close` when it leaves. */
export interface OpenViewer {
  signal: AbortSignal;
  reason(): EndReason | undefined;
  close(): void;
}

interface Entry {
  linkId: string;
  sessionId: string;
  controller: AbortController;
  reason?: EndReason;
  timer: NodeJS.Timeout;
}

/** setTimeout's longest delay; a link lasts at most 7 days, so a re-arm is never needed. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The viewers watching through share links now, so that revoking a link or closing its session
 * ends them at once, and each one ends by itself when its link expires.
 */
export class ViewerRegistry {
  private readonly open_ = new Set<Entry>();

  open(link: { id: string; sessionId: string; expiresAt: Date }, now: number): OpenViewer {
    const controller = new AbortController();
    const entry: Entry = {
      linkId: link.id,
      sessionId: link.sessionId,
      controller,
      timer: setTimeout(
        () => this.endEntry(entry, 'expired'),
        Math.min(Math.max(0, link.expiresAt.getTime() - now), MAX_TIMER_MS),
      ),
    };
    entry.timer.unref();
    this.open_.add(entry);
    return {
      signal: controller.signal,
      reason: () => entry.reason,
      close: () => {
        clearTimeout(entry.timer);
        this.open_.delete(entry);
      },
    };
  }

  /** Ends the viewers of one link or of one session. */
  end(which: { linkId: string } | { sessionId: string }, reason: EndReason): void {
    for (const entry of [...this.open_]) {
      const match = 'linkId' in which ? entry.linkId === which.linkId : entry.sessionId === which.sessionId;
      if (match) this.endEntry(entry, reason);
    }
  }

  /** Viewers open now (tests, health). */
  count(): number {
    return this.open_.size;
  }

  private endEntry(entry: Entry, reason: EndReason): void {
    entry.reason ??= reason;
    clearTimeout(entry.timer);
    this.open_.delete(entry);
    entry.controller.abort();
  }
}
