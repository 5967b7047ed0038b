/** How a caller proved who it is. */
export type TokenKind = 'service' | 'cli';

/**
 * The identity every protected procedure receives as `ctx.caller`. `userId` is always the daemon's
 * owner; queries still scope to it, so a row of any other user is never reached.
 */
export interface Caller {
  userId: string;
  tokenKind: TokenKind;
  /** The CLI token's row id, or the service token's per-start id; never the token itself. */
  tokenId: string;
}

export type AuthResult =
  | { ok: true; caller: Caller }
  | {
      ok: false;
      reason: AuthFailureReason;
      /** The token (and its user) the credential named, when it named a real one: for the audit log. */
      known?: { tokenKind: TokenKind; tokenId: string; userId?: string };
    };

export type AuthFailureReason =
  | 'missing_token'
  | 'malformed_token'
  | 'unknown_token'
  | 'expired_token'
  | 'revoked_token'
  /** A CLI token of a user row that is not the daemon's owner (left by an older, multi-user rdv). */
  | 'not_owner'
  /** A share link's secret that names no link, or one revoked or expired (viewers, not users). */
  | 'share_link_refused';
