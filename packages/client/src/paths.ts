import { readHomePaths, resolveHome } from '@rdv/config/paths';

/** Where a client finds the daemon: RDV_HOME (default ~/.rdv) and the files in it. */
export interface RdvPaths {
  home: string;
  apiSocket: string;
  terminalSocket: string;
  cliTokenFile: string;
}

/** RDV_HOME and the daemon's sockets and CLI token, where config.toml puts them. */
export function defaultPaths(env: NodeJS.ProcessEnv = process.env): RdvPaths {
  const home = resolveHome(env);
  const { apiSocket, terminalSocket, cliTokenFile } = readHomePaths(home);
  return { home, apiSocket, terminalSocket, cliTokenFile };
}
