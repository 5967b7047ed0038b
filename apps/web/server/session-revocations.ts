import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

/** Revoked sessions kept at most; past this, everything issued so far is revoked at once. */
export const MAX_REVOKED_SESSIONS = 10_000;

/** A dashboard session as the revocation list sees it: a cookie or a Cloudflare token. */
export interface SessionRef {
  /** The cookie's random id, or a hash of the Cloudflare token. */
  id: string;
  issuedAtMs: number;
  expiresAtMs: number;
}

const fileSchema = z.object({
  version: z.literal(1),
  notBeforeMs: z.number().int().nonnegative(),
  revoked: z.record(z.string().max(128), z.number().int().nonnegative()),
});

/**
 * Server-side logout: the sessions logged out one by one (until they would have expired
 * anyway) and a "not before" time that "log out everywhere" moves to now. Kept in a 0600 file
 * in RDV_HOME (written whole and renamed into place), so a web server restart forgets nothing.
 */
export class SessionRevocations {
  private notBeforeMs = 0;
  private readonly revoked = new Map<string, number>();

  private constructor(
    private readonly file: string,
    private readonly now: () => number,
  ) {}

  /**
   * Reads the file (missing: nothing revoked). An unreadable or damaged file revokes every
   * session issued until now: logging the owner out is better than honouring a revoked cookie.
   */
  static load(
    file: string,
    opts: { now?: () => number; log?: (line: string) => void } = {},
  ): SessionRevocations {
    const store = new SessionRevocations(file, opts.now ?? Date.now);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return store;
      throw error;
    }
    let parsed;
    try {
      parsed = fileSchema.safeParse(JSON.parse(text));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) {
      opts.log?.(`${file} is damaged: every earlier dashboard login is logged out`);
      store.revokeAllBefore(store.now());
      return store;
    }
    store.notBeforeMs = parsed.data.notBeforeMs;
    for (const [id, expires] of Object.entries(parsed.data.revoked)) store.revoked.set(id, expires);
    return store;
  }

  isRevoked(session: SessionRef): boolean {
    return session.issuedAtMs < this.notBeforeMs || this.revoked.has(session.id);
  }

  /** Logs one session out for good. */
  revoke(session: SessionRef): void {
    this.prune();
    if (this.revoked.size >= MAX_REVOKED_SESSIONS) return this.revokeAllBefore(this.now());
    this.revoked.set(session.id, session.expiresAtMs);
    this.save();
  }

  /** "Log out everywhere": every session issued before `ms`. */
  revokeAllBefore(ms: number): void {
    this.notBeforeMs = Math.max(this.notBeforeMs, ms);
    this.revoked.clear();
    this.save();
  }

  /** Entries past their session's expiry can go: the session is refused anyway. */
  private prune(): void {
    const now = this.now();
    for (const [id, expires] of this.revoked) if (expires <= now) this.revoked.delete(id);
  }

  private save(): void {
    const body = JSON.stringify({
      version: 1,
      notBeforeMs: this.notBeforeMs,
      revoked: Object.fromEntries(this.revoked),
    } satisfies z.infer<typeof fileSchema>);
    const temporary = `${this.file}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(temporary, `${body}\n`, { mode: 0o600, flag: 'wx' });
    renameSync(temporary, this.file);
  }
}
