import { readHomePaths, resolveHome } from '@rdv/config/paths';
import type { RdvPaths } from '@rdv/client/paths';

/**
 * Every file of RDV_HOME the CLI touches, where the daemon has them: paths moved in config.toml
 * are followed. Built on `@rdv/config/paths`, not the config loader: it reads the TOML without
 * zod, which would add ~60 ms to every command.
 */
export interface CliPaths extends RdvPaths {
  configFile: string;
  databaseFile: string;
  tmuxSocket: string;
  serverDir: string;
  pidFile: string;
  logFile: string;
  /** The daemon's stderr when `rdv server start` launched it (start-up failures land here). */
  startLogFile: string;
  serviceTokenFile: string;
  /** The fleet's folder: hosts' tokens and forwarded sockets. */
  hostsDir: string;
}

/** RDV_HOME (default ~/.rdv, "~" expanded) and the files in it. */
export function cliPaths(env: NodeJS.ProcessEnv): CliPaths {
  const home = resolveHome(env);
  const paths = readHomePaths(home);
  return {
    home,
    apiSocket: paths.apiSocket,
    terminalSocket: paths.terminalSocket,
    cliTokenFile: paths.cliTokenFile,
    configFile: paths.configFile,
    databaseFile: paths.databaseFile,
    tmuxSocket: paths.tmuxSocket,
    serverDir: paths.serverDir,
    pidFile: paths.pidFile,
    logFile: paths.logFile,
    startLogFile: paths.startLogFile,
    serviceTokenFile: paths.serviceTokenFile,
    hostsDir: paths.hostsDir,
  };
}
