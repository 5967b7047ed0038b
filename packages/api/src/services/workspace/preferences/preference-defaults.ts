import { homedir, userInfo } from 'node:os';
import type { PreferenceValues } from './preference-resolve.ts';

export const DEFAULT_SHELL = '/bin/sh';
export const DEFAULT_THEME = 'default';
export const DEFAULT_FONT_SIZE = 14;
/** Lines the web terminal keeps. */
export const DEFAULT_SCROLLBACK_LINES = 10_000;
/** tmux history-limit, matching the daemon's `[tmux] history_limit` default. */
export const DEFAULT_HISTORY_LIMIT = 10_000;

/**
 * The bottom of every preference chain. cwd is the user's home; the shell is the login shell
 * from the password database (not $SHELL, which the daemon's launcher may have changed).
 */
export function defaultPreferenceValues(opts: { historyLimit?: number } = {}): PreferenceValues {
  return {
    cwd: homedir(),
    shell: loginShell() ?? DEFAULT_SHELL,
    startupCommand: null,
    env: {},
    agentCommand: null,
    theme: DEFAULT_THEME,
    fontSize: DEFAULT_FONT_SIZE,
    scrollbackLines: DEFAULT_SCROLLBACK_LINES,
    historyLimit: opts.historyLimit ?? DEFAULT_HISTORY_LIMIT,
    recording: false,
  };
}

function loginShell(): string | null {
  try {
    const shell = userInfo().shell;
    return shell && shell.startsWith('/') ? shell : null;
  } catch {
    return null;
  }
}
