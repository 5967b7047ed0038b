/** Clients remembered per hub; the oldest is forgotten beyond this (each costs a few bytes). */
export const MAX_TRACKED_CLIENTS = 1_000;

/**
 * Exactly-once input across reconnects: each client numbers its inputs (1, 2, 3, ...) and may
 * resend the ones it has no acknowledgement for; an input whose number is not above the last
 * one applied for that client is a repeat and is skipped.
 */
export class InputDeduplicator {
  private readonly last = new Map<string, number>();

  /** True when `seq` is new for `clientId` (and records it); false for a repeat. */
  accept(clientId: string, seq: number): boolean {
    const last = this.last.get(clientId);
    if (last !== undefined && seq <= last) return false;
    // Re-insert so the map's order is least recently used first.
    this.last.delete(clientId);
    this.last.set(clientId, seq);
    if (this.last.size > MAX_TRACKED_CLIENTS) {
      const oldest = this.last.keys().next().value;
      if (oldest !== undefined) this.last.delete(oldest);
    }
    return true;
  }

  /** The last input applied for `clientId`, if any. */
  lastApplied(clientId: string): number | undefined {
    return this.last.get(clientId);
  }

  forget(clientId: string): void {
    this.last.delete(clientId);
  }
}
