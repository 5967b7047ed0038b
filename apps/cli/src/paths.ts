import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RdvPaths } from '@rdv/client';

/**
 * Every file of RDV_HOME the CLI touches, at the daemon's default locations. Computed here and
 * not imported from @rdv/client at run time: that module loads undici and ws, which would add
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
  const home = env.RDV_HOME?.trim() ? resolve(env.RDV_HOME.trim()) : join(homedir(), '.rdv');
  const serverDir = join(home, 'server');
  return {
    home,
    apiSocket: join(home, 'api.sock'),
    terminalSocket: join(home, 'terminal.sock'),
    cliTokenFile: join(home, 'cli-token'),
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
