import { readFileSync } from 'node:fs';
import type { OutgoingHttpHeaders } from 'node:http';
import { CLIENT_ADDRESS_HEADER } from '@rdv/api/rate-limit';
import { callDaemon, DaemonCallError } from './daemon-client.ts';
import { ServiceTokenFile } from './service-token.ts';

/** The daemon's headers for "the web app, acting for this user" (see AuthService in @rdv/api). */
export const SERVICE_TOKEN_HEADER = 'x-rdv-service-token';
export const USER_ID_HEADER = 'x-rdv-user-id';
/** The browser's address (`x-rdv-client-address`), so the daemon's backoff is per person, not per web app. */
export { CLIENT_ADDRESS_HEADER };

/**
 * The web server's credentials towards the daemon: the service token (re-read when the daemon
 * rewrites it) and the two calls the server makes for itself: who the local user is, and
 * find-or-create a user by email (Cloudflare mode).
 */
export class DaemonLink {
  readonly serviceToken: ServiceTokenFile;
  private localUser: Promise<string> | undefined;

  constructor(
    private readonly opts: { apiSocket: string; serviceTokenFile: string; cliTokenFile: string },
  ) {
    this.serviceToken = new ServiceTokenFile(opts.serviceTokenFile);
  }

  /** Headers that make the daemon treat a request as this user's; undefined before the daemon wrote its token. */
  credentialsFor(userId: string, clientAddress?: string): OutgoingHttpHeaders | undefined {
    const token = this.serviceToken.current();
    if (!token) return undefined;
    return {
      [SERVICE_TOKEN_HEADER]: token,
      [USER_ID_HEADER]: userId,
      ...(clientAddress ? { [CLIENT_ADDRESS_HEADER]: clientAddress } : {}),
    };
  }

  /**
   * The local user's id, learnt once with the local CLI token (`me.get`): the daemon creates that
   * user and token at start-up for the OS user it runs as, who is also who runs the dashboard.
   */
  localUserId(): Promise<string> {
    this.localUser ??= (async () => {
      const token = readFileSync(this.opts.cliTokenFile, 'utf8').trim();
      const me = await callDaemon<{ user: { id: string } }>(this.opts.apiSocket, {
        type: 'query',
        path: 'me.get',
        headers: { authorization: `Bearer ${token}` },
      });
      return me.user.id;
    })();
    // A failure (daemon restarting) is not remembered: the next request tries again.
    this.localUser.catch(() => (this.localUser = undefined));
    return this.localUser;
  }

  /** `users.ensure`: the id of the user with this (already verified and allowed) email. */
  async ensureUser(email: string): Promise<string> {
    for (let attempt = 0; ; attempt += 1) {
      const token = this.serviceToken.current();
      if (!token) throw new DaemonCallError('rdv-server has not written its service token yet', 0);
      try {
        const user = await callDaemon<{ id: string }>(this.opts.apiSocket, {
          type: 'mutation',
          path: 'users.ensure',
          input: { email },
          headers: { [SERVICE_TOKEN_HEADER]: token },
        });
        return user.id;
      } catch (error) {
        // A token from before a daemon restart: read the file again, once.
        if (
          attempt === 0 &&
          error instanceof DaemonCallError &&
          (error.status === 401 || error.status === 403)
        ) {
          this.serviceToken.invalidate();
          continue;
        }
        throw error;
      }
    }
  }
}
