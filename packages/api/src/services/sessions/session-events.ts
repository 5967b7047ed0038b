import type { SessionView } from './session-view.ts';

/** What happens to sessions that other services follow (recording, agent status, monitoring). */
export interface SessionEventMap {
  /** A new or restarted session runs (recording starts at once rather than at the next sync). */
  created: string;
  /** A live session ended (exited, gone or closed): its agent status follows at once. */
  ended: string;
  /** An ended session runs again. */
  restarted: SessionView & { userId: string };
  /** The user closed a session (and perhaps trashed its worktree): what it kept may go. */
  closed: string;
}

/**
 * The session lifecycle as events: services subscribe instead of the session service knowing
 * them. Listeners run synchronously and must not throw (they catch their own async failures).
 */
export class SessionEvents {
  private readonly listeners: { [K in keyof SessionEventMap]: Set<(payload: SessionEventMap[K]) => void> } = {
    created: new Set(),
    ended: new Set(),
    restarted: new Set(),
    closed: new Set(),
  };

  on<K extends keyof SessionEventMap>(event: K, listener: (payload: SessionEventMap[K]) => void): { dispose(): void } {
    const set = this.listeners[event] as Set<(payload: SessionEventMap[K]) => void>;
    set.add(listener);
    return { dispose: () => void set.delete(listener) };
  }

  emit<K extends keyof SessionEventMap>(event: K, payload: SessionEventMap[K]): void {
    for (const listener of this.listeners[event] as Set<(payload: SessionEventMap[K]) => void>) listener(payload);
  }
}
