import { describe, expect, it } from 'vitest';
import { CliError } from '../errors.ts';
import { parsePreferencePatch } from './pref.ts';

describe('parsePreferencePatch', () => {
  it('reads each key by its type', () => {
    expect(
      parsePreferencePatch(
        ['cwd=src', 'fontSize=14', 'recording=yes', 'agentCommand=claude --x'],
        [],
        '/home/me',
      ),
    ).toEqual({
      cwd: '/home/me/src',
      fontSize: 14,
      recording: true,
      agentCommand: 'claude --x',
    });
  });

  it('sets and unsets environment variables one by one', () => {
    expect(parsePreferencePatch(['env.EDITOR=vim'], ['env.PAGER', 'shell'], '/')).toEqual({
      env: { EDITOR: 'vim', PAGER: null },
      shell: null,
    });
  });

  it('refuses unknown keys, bad numbers and bad booleans', () => {
    expect(() => parsePreferencePatch(['colour=red'], [], '/')).toThrow(CliError);
    expect(() => parsePreferencePatch(['fontSize=big'], [], '/')).toThrow(/whole number/);
    expect(() => parsePreferencePatch(['recording=maybe'], [], '/')).toThrow(/true or false/);
    expect(() => parsePreferencePatch(['novalue'], [], '/')).toThrow(/key=value/);
  });
});
