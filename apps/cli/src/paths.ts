import { homeLayout } from '@rdv/contract/home';
import { defaultPaths, type RdvPaths } from '@rdv/client/paths';

/**
 * Every file of RDV_HOME the CLI touches, at the daemon's default locations. Built on
 * `@rdv/client/paths`, not the package root: the root loads undici and ws, which would add
 * ~250 ms to every command (see README, "CLI start-up"). Paths moved in config.toml are not
 * followed; the defaults are what `rdv-server` writes.
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
}

/** RDV_HOME (default ~/.rdv) and the files in it. */
export function cliPaths(env: NodeJS.ProcessEnv): CliPaths {
  const base = defaultPaths(env);
  const layout = homeLayout(base.home);
  return {
    ...base,
    configFile: layout.configFile,
    databaseFile: layout.databaseFile,
    tmuxSocket: layout.tmuxSocket,
    serverDir: layout.serverDir,
    pidFile: layout.pidFile,
    logFile: layout.logFile,
    startLogFile: layout.startLogFile,
    serviceTokenFile: layout.serviceTokenFile,
  };
}
