// What one command line tells the commands after it: the variables it sets (`x=/`,
// `export x=/`) and the directory it moves to (`cd /`). Read in order, as the shell runs them.
import { cdTarget, expandWord, newShellState, type ShellState } from './shell-paths.ts';
import type { SimpleCommand } from './shell-words.ts';

export { newShellState };

const DECLARERS = new Set(['export', 'declare', 'typeset', 'local', 'readonly']);
const ASSIGNMENT = /^([A-Za-z_]\w*)=(.*)$/s;

export function trackState(command: SimpleCommand, state: ShellState): void {
  const [first, ...rest] = command.words;
  if (first === undefined) return;
  if (ASSIGNMENT.test(first)) {
    // `x=/` alone sets x; `x=/ cmd` sets it for cmd only, which expanded its words before.
    if (command.words.every((w) => ASSIGNMENT.test(w)))
      for (const w of command.words) assign(w, state);
    return;
  }
  if (DECLARERS.has(first)) {
    for (const w of rest) if (ASSIGNMENT.test(w)) assign(w, state);
  } else if (first === 'unset' || first === 'read') {
    for (const w of rest) if (!w.startsWith('-')) state.vars.delete(w);
  } else if (first === 'cd' || first === 'pushd') {
    state.cwd = cdTarget(
      rest.find((w) => !/^-[LPe@]+$/.test(w)),
      state,
    );
  } else if (first === 'popd') {
    state.cwd = null;
  }
}

function assign(word: string, state: ShellState): void {
  const [, name = '', value = ''] = ASSIGNMENT.exec(word) ?? [];
  state.vars.set(name, expandWord(value, state));
}
