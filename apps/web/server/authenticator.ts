import type { IncomingMessage } from 'node:http';
import type { SessionRef } from './session-revocations.ts';

/**
 * Who a request is from. Every identity the dashboard accepts (the local login, each allowed
 * Cloudflare Access email) is the daemon's one owner: the web server acts with its service
 * token, which the daemon treats as the owner. The label is for display and logs only.
 */
export interface Identity {
  /** An email (Cloudflare) or "local": shown in the dashboard and written to the log. */
  label: string;
  /** What logging out revokes. */
  session: SessionRef;
}

export type AuthOutcome =
  | { ok: true; identity: Identity }
  /** `attempted`: credentials (a cookie, a token) were presented and refused, not just absent. */
  | { ok: false; reason: string; attempted?: boolean };

/** The two ways into the dashboard; every request (page, API, WebSocket) goes through one. */
export interface Authenticator {
  readonly mode: 'local' | 'cloudflare';
  authenticate(req: IncomingMessage): Promise<AuthOutcome>;
  /** `Set-Cookie` values that drop this mode's credentials from the browser. */
  clearedCookies(): string[];
}
