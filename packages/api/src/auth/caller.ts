/** How a caller proved who it is. */
export type TokenKind = 'service' | 'cli';

/** The identity every protected procedure receives as `ctx.caller`; all queries scope to `userId`. */
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
  | 'missing_user_id'
  | 'unknown_user';
