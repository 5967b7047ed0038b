import type { IncomingMessage } from 'node:http';

/** Who a request is from, as far as the daemon is concerned. */
export interface Identity {
  userId: string;
  /** For logs and the UI: an email (Cloudflare) or "local". */
  label: string;
}

export type AuthOutcome =
  | { ok: true; identity: Identity }
  /** `attempted`: credentials (a cookie, a token) were presented and refused, not just absent. */
  | { ok: false; reason: string; attempted?: boolean };

/** The two ways into the dashboard; every request (page, API, WebSocket) goes through one. */
export interface Authenticator {
  readonly mode: 'local' | 'cloudflare';
  authenticate(req: IncomingMessage): Promise<AuthOutcome>;
}
