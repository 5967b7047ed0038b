// RDV_HOME and the paths in config.toml, resolved the same way for every process (the daemon,
// the web server, the CLI and the client): "~" is the user's home folder, relative paths are
// relative to RDV_HOME. No zod here, so the CLI can load it on every command.
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** RDV_HOME ("~" expanded, made absolute), or ~/.rdv. */
export function resolveHome(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.RDV_HOME?.trim();
  return fromEnv ? resolve(expandTilde(fromEnv)) : join(homedir(), '.rdv');
}

/** A path from config.toml made absolute: "~" expanded, relative ones against `home`. */
export function resolveInHome(home: string, value: string): string {
  const path = expandTilde(value);
  return isAbsolute(path) ? resolve(path) : resolve(home, path);
}

/** `~` and `~/...` → the user's home folder; anything else unchanged. */
export function expandTilde(path: string): string {
  if (path === '~') return homedir();
  if (path.startsWith('~/')) return join(homedir(), path.slice(2));
  return path;
}
