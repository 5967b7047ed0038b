import { describe, expect, it } from 'vitest';
import {
  emptyPreferences,
  resolvePreferences,
  type PreferenceValues,
} from './preference-resolve.ts';

const defaults: PreferenceValues = {
  cwd: '/home/me',
  shell: '/bin/bash',
  startupCommand: null,
  env: {},
  agentCommand: null,
  theme: 'default',
  fontSize: 14,
  scrollbackLines: 10_000,
  historyLimit: 10_000,
  recording: false,
};

const layer = (
  source: 'user' | `folder:${string}`,
  values: Partial<ReturnType<typeof emptyPreferences>>,
) => ({
  source,
  values: { ...emptyPreferences(), ...values },
});

describe('resolvePreferences', () => {
  it('returns the defaults, all from "default", without layers', () => {
    const resolved = resolvePreferences(defaults, []);
    expect(resolved.values).toEqual(defaults);
    expect(new Set(Object.values(resolved.sources))).toEqual(new Set(['default']));
    expect(resolved.unsetEnv).toEqual([]);
  });

  it('lets the nearest level win and names where each value came from', () => {
    const resolved = resolvePreferences(
      defaults,
      [
        layer('user', { cwd: '/home/me/src', fontSize: 16, theme: 'solarized' }),
        layer('folder:a', { cwd: '/home/me/src/app', recording: true }),
        layer('folder:b', { fontSize: 12 }),
      ],
      ['a', 'b'],
    );
    expect(resolved.values).toMatchObject({
      cwd: '/home/me/src/app',
      fontSize: 12,
      theme: 'solarized',
      recording: true,
    });
    expect(resolved.sources).toMatchObject({
      cwd: 'folder:a',
      fontSize: 'folder:b',
      theme: 'user',
      recording: 'folder:a',
      shell: 'default',
    });
    expect(resolved.folderChain).toEqual(['a', 'b']);
  });

  it('merges env key by key; null unsets an inherited variable, a nearer level can set it again', () => {
    const resolved = resolvePreferences(defaults, [
      layer('user', { env: { EDITOR: 'vim', TOKEN: 'secret', LANG: 'C' } }),
      layer('folder:a', { env: { TOKEN: null, LANG: null, NODE_ENV: 'test' } }),
      layer('folder:b', { env: { LANG: 'en_GB.UTF-8' } }),
    ]);
    expect(resolved.values.env).toEqual({ EDITOR: 'vim', NODE_ENV: 'test', LANG: 'en_GB.UTF-8' });
    expect(resolved.unsetEnv).toEqual(['TOKEN']);
    expect(resolved.envSources).toEqual({
      EDITOR: 'user',
      TOKEN: 'folder:a',
      NODE_ENV: 'folder:a',
      LANG: 'folder:b',
    });
    expect(resolved.sources.env).toBe('folder:b');
  });

  it('never mutates the defaults', () => {
    resolvePreferences(defaults, [layer('user', { env: { A: '1' } })]);
    expect(defaults.env).toEqual({});
  });
});
