import { readFileSync } from 'node:fs';
import { homeLayout, type HomeLayout } from '@rdv/contract/home';
import { parse } from 'smol-toml';
import { resolveInHome } from './home.ts';

/** The layout keys that config.toml may move, and the `[section] key` that moves each. */
const MOVABLE: ReadonlyArray<[keyof HomeLayout, string, string]> = [
  ['apiSocket', 'server', 'api_socket'],
  ['terminalSocket', 'server', 'terminal_socket'],
  ['pidFile', 'server', 'pid_file'],
  ['logFile', 'server', 'log_file'],
  ['databaseFile', 'database', 'path'],
  ['serviceTokenFile', 'auth', 'service_token_file'],
  ['cliTokenFile', 'auth', 'cli_token_file'],
  ['tmuxSocket', 'tmux', 'socket'],
  ['trashDir', 'cleanup', 'trash_dir'],
];
/** The schema's limit on a path in config.toml. */
const MAX_PATH_LENGTH = 1024;

/**
 * The files of `home` where the daemon has them: its layout, with the paths config.toml moves
 * (sockets, pid file, log, database, tokens, tmux socket, trash) followed, resolved as the
 * daemon resolves them. For processes that only need to find those files (the CLI, on every
 * command): TOML only, no zod, and config.toml is never written. A value the daemon would
 * refuse (bad TOML, a key that is not a path) leaves the default; the daemon reports the
 * mistake itself when it starts.
 */
export function readHomePaths(home: string): HomeLayout {
  const layout = homeLayout(home);
  const document = readToml(layout.configFile);
  const paths = { ...layout };
  for (const [name, section, key] of MOVABLE) {
    const value = tableOf(document, section)?.[key];
    const trimmed = typeof value === 'string' ? value.trim() : '';
    if (trimmed.length > 0 && trimmed.length <= MAX_PATH_LENGTH) paths[name] = resolveInHome(home, trimmed);
  }
  return paths;
}

function readToml(file: string): Record<string, unknown> | null {
  try {
    return parse(readFileSync(file, 'utf8'));
  } catch {
    return null; // missing or not TOML: the defaults
  }
}

function tableOf(document: Record<string, unknown> | null, section: string): Record<string, unknown> | null {
  const table = document?.[section];
  return table !== null && typeof table === 'object' && !Array.isArray(table)
    ? (table as Record<string, unknown>)
    : null;
}
