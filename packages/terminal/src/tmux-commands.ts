// argv builders for the tmux commands rdv runs; all targets are exact (`=name`).
import { existsSync } from 'node:fs';
import { RDV_SECRET_ENV } from './secret-env.ts';
import { assertEnvKey, assertSessionName, paneTarget } from './tmux-args.ts';

export interface CaptureOptions {
  /** History lines above the visible screen to include; undefined = only the visible screen. */
  lines?: number;
  /** Keep colours and attributes as escape sequences (`-e`). */
  escapes?: boolean;
  /** Join wrapped lines (`-J`). */
  joinWrapped?: boolean;
}

const TERMINFO_DIRS = [
  '/usr/share/terminfo',
  '/lib/terminfo',
  '/usr/lib/terminfo',
  '/etc/terminfo',
];

/** `tmux-256color` where its terminfo entry exists (italics, true colours), else `screen-256color`. */
export function pickDefaultTerminal(): string {
  const found = TERMINFO_DIRS.some(
    (dir) => existsSync(`${dir}/t/tmux-256color`) || existsSync(`${dir}/74/tmux-256color`),
  );
  return found ? 'tmux-256color' : 'screen-256color';
}

/** Server-wide and global options for rdv's dedicated server (idempotent). */
export function serverOptionCommands(defaultTerminal: string): string[][] {
  return [
    ['set-option', '-s', 'escape-time', '0'],
    ['set-option', '-g', 'default-terminal', defaultTerminal],
    // Keep attached xterm.js clients on the normal screen (no smcup): early and late
    // subscribers then see the same buffer, and lines tmux scrolls out reach their scrollback.
    ['set-option', '-s', 'terminal-overrides[90]', 'xterm*:smcup@:rmcup@'],
    ['set-option', '-s', 'terminal-features[90]', 'xterm*:RGB'],
    ['set-option', '-g', 'status', 'off'],
    // No prefix key: tmux is invisible in rdv. Otherwise a client typing C-b d would detach the
    // daemon's own attach client, which reads as the session ending.
    ['set-option', '-g', 'prefix', 'None'],
    ['set-option', '-g', 'prefix2', 'None'],
    // Off: the dashboard and `rdv attach` read the pane's own bytes (control mode), so the
    // program alone decides whether the mouse is tracked; a plain drag selects text in a shell.
    // With `on`, a wheel in a direct `tmux attach` enters copy-mode and eats the next keys.
    ['set-option', '-g', 'mouse', 'off'],
    ['set-option', '-gw', 'remain-on-exit', 'on'],
    // No "Pane is dead" line on the dead pane's screen: rdv reports the exit itself.
    ['set-option', '-g', 'remain-on-exit-format', ''],
    ['set-option', '-gw', 'window-size', 'latest'],
    ['set-option', '-gw', 'aggressive-resize', 'on'],
    // A server an older rdv started may hold a secret in its global environment (the server
    // outlives the daemon): no new session inherits it.
    ...RDV_SECRET_ENV.map((name) => ['set-environment', '-g', '-u', name]),
  ];
}

/** The `wait-for` channel a dead pane in `name` signals. */
export function paneDiedChannel(name: string): string {
  return `rdv-pane-died-${assertSessionName(name)}`;
}

/**
 * The `wait-for` channel every rdv pane's death signals as well: one daemon-wide waiter learns
 * of any exit without polling (a session's own hook shadows a global one, so each carries both).
 */
export const ANY_PANE_DIED_CHANNEL = 'rdv-pane-died-any';

export function exitHookCommand(name: string): string[] {
  return [
    'set-hook',
    '-t',
    paneTarget(name),
    'pane-died',
    `wait-for -S ${paneDiedChannel(name)} ; wait-for -S ${ANY_PANE_DIED_CHANNEL}`,
  ];
}

/**
 * Leaves copy-mode (or any mode); does nothing, without an error, when the pane is in none. One
 * command with one reply, so it also goes over the daemon's control channel (`if-shell` does not).
 */
export function leaveModeCommand(target: string): string[] {
  return ['copy-mode', '-q', '-t', target];
}

export function captureCommand(
  name: string,
  { lines, escapes, joinWrapped }: CaptureOptions,
): string[] {
  const start = lines === undefined ? [] : ['-S', String(-Math.max(0, Math.floor(lines)))];
  return [
    'capture-pane',
    '-p',
    ...(escapes ? ['-e'] : []),
    ...(joinWrapped ? ['-J'] : []),
    ...start,
    '-t',
    paneTarget(name),
  ];
}

/** What decides the program a new pane runs (part of `NewSessionOptions`). */
export interface PaneCommandOptions {
  shell?: string;
  args?: string[];
  unsetEnv?: string[];
}

/**
 * The pane's argv. Two or more arguments make tmux exec them directly instead of through
 * `sh -c`, so the shell path and variable names are never parsed by a shell.
 */
export function paneCommand(options: PaneCommandOptions): string[] {
  const unset = (options.unsetEnv ?? []).flatMap((name) => ['-u', assertEnvKey(name)]);
  const args = options.args ?? [];
  if (!options.shell) {
    return unset.length || args.length
      ? ['env', ...unset, process.env.SHELL || '/bin/sh', ...args]
      : [];
  }
  return ['env', ...unset, options.shell, ...args];
}
