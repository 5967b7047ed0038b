import { join } from 'node:path';
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
  const home = base.home;
  const serverDir = join(home, 'server');
  return {
    ...base,
    configFile: join(home, 'config.toml'),
    databaseFile: join(home, 'sqlite.db'),
    tmuxSocket: join(home, 'tmux.sock'),
    serverDir,
    pidFile: join(serverDir, 'server.pid'),
    logFile: join(serverDir, 'server.log'),
    startLogFile: join(serverDir, 'server.stderr.log'),
    serviceTokenFile: join(serverDir, 'service-token'),
  };
}
