// No network imports here: the CLI loads this on every command (see @rdv/client/credentials).
import { SERVICE_TOKEN_HEADER, SHARE_VIEWER_HEADER } from '@rdv/contract';

/**
 * Credentials: a CLI token, or the web app's service token; either way the daemon's owner. A
 * share link's viewer is no user: its connection may only call `shares.watch`, with the secret.
 */
export type RdvCredentials =
  | { kind: 'cli'; token: string }
  | { kind: 'service'; token: string }
  | { kind: 'share-viewer' }
  | { kind: 'none' };

/** The headers that carry `credentials` to the daemon. */
export function authHeaders(credentials: RdvCredentials): Record<string, string> {
  switch (credentials.kind) {
    case 'cli':
      return { authorization: `Bearer ${credentials.token}` };
    case 'service':
      return { [SERVICE_TOKEN_HEADER]: credentials.token };
    case 'share-viewer':
      return { [SHARE_VIEWER_HEADER]: '1' };
    case 'none':
      return {};
  }
}
