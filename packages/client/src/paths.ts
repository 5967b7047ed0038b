import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { homeLayout } from '@rdv/contract/home';

/** Where a client finds the daemon: RDV_HOME (default ~/.rdv) and the files in it. */
export interface RdvPaths {
  home: string;
  apiSocket: string;
  terminalSocket: string;
  cliTokenFile: string;
}

export function defaultPaths(env: NodeJS.ProcessEnv = process.env): RdvPaths {
  const home = env.RDV_HOME?.trim() ? resolve(env.RDV_HOME.trim()) : join(homedir(), '.rdv');
  const { apiSocket, terminalSocket, cliTokenFile } = homeLayout(home);
  return { home, apiSocket, terminalSocket, cliTokenFile };
}
