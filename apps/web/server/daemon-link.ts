import type { OutgoingHttpHeaders } from 'node:http';
import { CLIENT_ADDRESS_HEADER, SERVICE_TOKEN_HEADER } from '@rdv/contract';
import { ServiceTokenFile } from './service-token.ts';

/**
 * The web server's credentials towards the daemon: the service token (re-read when the daemon
 * rewrites it). The daemon has one owner and the service token acts as that owner, so no user
 * id goes with it: whoever the dashboard let in is the owner.
 */
export class DaemonLink {
  readonly serviceToken: ServiceTokenFile;

  constructor(opts: { serviceTokenFile: string }) {
    this.serviceToken = new ServiceTokenFile(opts.serviceTokenFile);
  }

  /** Headers that make the daemon treat a request as the owner's; undefined before the daemon wrote its token. */
  credentialsFor(clientAddress?: string): OutgoingHttpHeaders | undefined {
    const token = this.serviceToken.current();
    if (!token) return undefined;
    return {
      [SERVICE_TOKEN_HEADER]: token,
      ...(clientAddress ? { [CLIENT_ADDRESS_HEADER]: clientAddress } : {}),
    };
  }
}
