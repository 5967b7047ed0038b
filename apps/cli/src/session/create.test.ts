import { describe, expect, it } from 'vitest';
import { CliError } from '../errors.ts';
import { createInputFromOptions, parseEnvPairs } from './create.ts';

describe('session create flags', () => {
  it('defaults to a shell in the current folder at the terminal size', () => {
    expect(createInputFromOptions({}, '/work', { cols: 100, rows: 30 })).toEqual({
      kind: 'shell',
      cwd: '/work',
      cols: 100,
      rows: 30,
    });
  });

  it('makes an agent when a command is given, and resolves --cwd', () => {
    expect(
      createInputFromOptions({ command: 'claude', cwd: 'sub', name: 'a' }, '/work', {}),
    ).toEqual({
      kind: 'agent',
      name: 'a',
      command: 'claude',
      cwd: '/work/sub',
    });
  });

  it('makes an agent session from --agent, and refuses an unknown agent or --kind shell with it', () => {
    expect(createInputFromOptions({ agent: 'codex' }, '/work', {})).toEqual({ kind: 'agent', agent: 'codex', cwd: '/work' });
    expect(createInputFromOptions({ agent: 'claude', command: 'claude --model opus' }, '/w', {})).toEqual({
      kind: 'agent',
      agent: 'claude',
      command: 'claude --model opus',
      cwd: '/w',
    });
    expect(() => createInputFromOptions({ agent: 'copilot' }, '/', {})).toThrow(/--agent is one of claude, codex, gemini, opencode/);
    expect(() => createInputFromOptions({ agent: 'claude', kind: 'shell' }, '/', {})).toThrow(/--agent makes an agent session/);
  });

  it('leaves cwd to the folder preferences with --folder', () => {
    expect(createInputFromOptions({ folder: 'f' }, '/work', {})).toEqual({ kind: 'shell' });
  });

  it('builds a worktree request with absolute paths', () => {
    expect(
      createInputFromOptions(
        { worktree: 'feat/x', repo: 'repo', base: 'main', setup: false },
        '/src',
        {},
      ).worktree,
    ).toEqual({
      repoPath: '/src/repo',
      branch: 'feat/x',
      baseBranch: 'main',
      runSetup: false,
    });
  });

  it('refuses worktree flags without --worktree, and a bad kind', () => {
    expect(() => createInputFromOptions({ repo: '.' }, '/', {})).toThrow(CliError);
    expect(() => createInputFromOptions({ kind: 'robot' }, '/', {})).toThrow(/shell or agent/);
  });

  it("sends no folder of this machine for another host's session; its paths must be absolute", () => {
    expect(createInputFromOptions({}, null, {})).not.toHaveProperty('cwd');
    expect(createInputFromOptions({ cwd: '/srv/x' }, null, {}).cwd).toBe('/srv/x');
    expect(() => createInputFromOptions({ cwd: 'x' }, null, {})).toThrow(/absolute path there/);
    expect(() => createInputFromOptions({ worktree: 'b' }, null, {})).toThrow(/--repo must be/);
  });

  it('parses NAME=value pairs (values may hold "=")', () => {
    expect(parseEnvPairs(['A=1', 'B=x=y', 'C='])).toEqual({ A: '1', B: 'x=y', C: '' });
    expect(() => parseEnvPairs(['=x'])).toThrow(CliError);
    expect(() => parseEnvPairs(['NOEQ'])).toThrow(CliError);
  });
});
