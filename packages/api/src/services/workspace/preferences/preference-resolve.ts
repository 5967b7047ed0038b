// Preference inheritance: defaults → user → folder chain from the root to the folder, the
// nearest level wins. Pure; unit-tested in preference-resolve.test.ts.

export const PREFERENCE_KEYS = [
  'cwd',
  'shell',
  'startupCommand',
  'env',
  'agentCommand',
  'theme',
  'fontSize',
  'scrollbackLines',
  'historyLimit',
  'recording',
] as const;

export type PreferenceKey = (typeof PREFERENCE_KEYS)[number];

/** Effective settings for a new session: every key has a value. */
export interface PreferenceValues {
  /** Absolute, real path of an existing directory (when it was set). */
  cwd: string;
  /** Absolute path of the shell. */
  shell: string;
  startupCommand: string | null;
  /** Variables to set; variables in `unsetEnv` must additionally be removed. */
  env: Record<string, string>;
  agentCommand: string | null;
  theme: string;
  fontSize: number;
  scrollbackLines: number;
  historyLimit: number;
  recording: boolean;
}

/** One level's own settings: null means "inherit"; an env value of null unsets the variable. */
export interface StoredPreferences {
  cwd: string | null;
  shell: string | null;
  startupCommand: string | null;
  env: Record<string, string | null> | null;
  agentCommand: string | null;
  theme: string | null;
  fontSize: number | null;
  scrollbackLines: number | null;
  historyLimit: number | null;
  recording: boolean | null;
}

/** Where an effective value came from. */
export type PreferenceSource = 'default' | 'user' | `folder:${string}`;

export interface PreferenceLayer {
  source: PreferenceSource;
  values: StoredPreferences;
}

/**
 * The effective preferences for a user, optionally inside a folder.
 *
 * - `values`: every setting with its effective value. `values.env` holds only the variables to
 *   set, merged key by key down the chain.
 * - `sources[key]`: the level the value came from (`default`, `user` or `folder:<id>`); for
 *   `env` it is the nearest level that set any variable.
 * - `envSources[name]`: the level that last set or unset each variable in `env` or `unsetEnv`.
 * - `unsetEnv`: variables some level unset (null) and no nearer level set again. They are not
 *   in `env`; a session should also remove them from the environment it inherits (tmux's
 *   global environment, the daemon's), e.g. with `env -u NAME` or `tmux new-session -e`.
 * - `folderChain`: the folder ids from the root to the folder (empty at user level).
 */
export interface ResolvedPreferences {
  values: PreferenceValues;
  sources: Record<PreferenceKey, PreferenceSource>;
  envSources: Record<string, PreferenceSource>;
  unsetEnv: string[];
  folderChain: string[];
}

/** Applies `layers` (farthest first: user, then folders from the root) over `defaults`. */
export function resolvePreferences(
  defaults: PreferenceValues,
  layers: readonly PreferenceLayer[],
  folderChain: readonly string[] = [],
): ResolvedPreferences {
  const values: PreferenceValues = { ...defaults, env: { ...defaults.env } };
  const sources = Object.fromEntries(PREFERENCE_KEYS.map((key) => [key, 'default'])) as Record<
    PreferenceKey,
    PreferenceSource
  >;
  const envSources: Record<string, PreferenceSource> = Object.fromEntries(
    Object.keys(defaults.env).map((name) => [name, 'default' as const]),
  );
  const unset = new Set<string>();

  for (const layer of layers) {
    for (const key of PREFERENCE_KEYS) {
      if (key === 'env') continue;
      const value = layer.values[key];
      if (value === null) continue;
      (values as unknown as Record<string, unknown>)[key] = value;
      sources[key] = layer.source;
    }
    const env = layer.values.env;
    if (env === null) continue;
    sources.env = layer.source;
    for (const [name, value] of Object.entries(env)) {
      envSources[name] = layer.source;
      if (value === null) {
        delete values.env[name];
        unset.add(name);
      } else {
        values.env[name] = value;
        unset.delete(name);
      }
    }
  }
  return {
    values,
    sources,
    envSources,
    unsetEnv: [...unset].sort(),
    folderChain: [...folderChain],
  };
}

/** An empty level: inherits everything. */
export function emptyPreferences(): StoredPreferences {
  return {
    cwd: null,
    shell: null,
    startupCommand: null,
    env: null,
    agentCommand: null,
    theme: null,
    fontSize: null,
    scrollbackLines: null,
    historyLimit: null,
    recording: null,
  };
}
