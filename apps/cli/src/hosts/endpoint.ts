// Which rdv a command talks to, in one place: this machine's (its sockets and CLI token) or a
// registered host's, through the home daemon's tunnel (the forwarded sockets and that host's
// token, both in RDV_HOME/hosts). Tokens are read from their files only, never from argv.
import { readFileSync } from 'node:fs';
import type { RdvCredentials } from '@rdv/client/credentials';
import { hostFiles } from '@rdv/contract/home';
import type { CliPaths } from '../paths.ts';

export interface Endpoint {
  /** null: this machine's rdv. */
  host: string | null;
  apiSocket: string;
  terminalSocket: string;
  credentials: () => RdvCredentials;
}

/** This machine's rdv: `RDV_TOKEN` or the cli-token file. */
export function localEndpoint(paths: CliPaths, env: NodeJS.ProcessEnv): Endpoint {
  return {
    host: null,
    apiSocket: paths.apiSocket,
    terminalSocket: paths.terminalSocket,
    credentials: () => {
      const fromEnv = env.RDV_TOKEN?.trim();
      if (fromEnv) return { kind: 'cli', token: fromEnv };
      return tokenFileCredentials(paths.cliTokenFile);
    },
  };
}

/** `name`'s rdv through the tunnel: its forwarded sockets, the token it gave this home. */
export function hostEndpoint(paths: CliPaths, name: string): Endpoint {
  const files = hostFiles(paths.hostsDir, name);
  return {
    host: name,
    apiSocket: files.apiSocket,
    terminalSocket: files.terminalSocket,
    credentials: () => tokenFileCredentials(files.tokenFile),
  };
}

function tokenFileCredentials(file: string): RdvCredentials {
  try {
    return { kind: 'cli', token: readFileSync(file, 'utf8').trim() };
  } catch {
    return { kind: 'none' };
  }
}
