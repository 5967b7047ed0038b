// No network imports here: the CLI loads this on every command (see @rdv/client/credentials).

/** Credentials: a CLI token, or the service token plus the user it acts for (the web app). */
export type RdvCredentials =
  | { kind: 'cli'; token: string }
  | { kind: 'service'; token: string; userId: string }
  | { kind: 'none' };

/** The headers that carry `credentials` to the daemon. */
export function authHeaders(credentials: RdvCredentials): Record<string, string> {
  switch (credentials.kind) {
    case 'cli':
      return { authorization: `Bearer ${credentials.token}` };
    case 'service':
      return { 'x-rdv-service-token': credentials.token, 'x-rdv-user-id': credentials.userId };
    case 'none':
      return {};
  }
}

