import { resolve as resolvePath } from 'node:path';
import type { Command } from 'commander';
import type { RouterInputs } from '@rdv/api';
import type { CliContext } from '../context.ts';
import { CliError, ExitCode } from '../errors.ts';
import { renderTable } from '../format/table.ts';
import { print, printJson, withApi, type JsonOption } from '../output.ts';
import { resolveFolder } from '../resolve/resolvers.ts';
import { collect, withJson } from './options.ts';

type PreferencePatch = RouterInputs['preferences']['set']['values'];
type Kind = 'path' | 'string' | 'int' | 'bool';

/** The preference keys and how their values are read from the command line. */
const KEYS: Record<Exclude<keyof PreferencePatch, 'env'>, Kind> = {
  cwd: 'path',
  shell: 'path',
  startupCommand: 'string',
  agentCommand: 'string',
  theme: 'string',
  fontSize: 'int',
  scrollbackLines: 'int',
  historyLimit: 'int',
  recording: 'bool',
};

/** `key=value` and `--unset key` into a patch; `env.NAME=value` sets one variable. */
export function parsePreferencePatch(
  assignments: readonly string[],
  unset: readonly string[],
  cwd: string,
): PreferencePatch {
  const patch: Record<string, unknown> = {};
  const env: Record<string, string | null> = {};
  const keyOf = (key: string): keyof typeof KEYS => {
    if (!(key in KEYS))
      throw new CliError(
        `unknown preference "${key}" (${[...Object.keys(KEYS), 'env.NAME'].join(', ')})`,
        ExitCode.usage,
      );
    return key as keyof typeof KEYS;
  };
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new CliError(`expected key=value, got "${assignment}"`, ExitCode.usage);
    const key = assignment.slice(0, eq);
    const raw = assignment.slice(eq + 1);
    if (key.startsWith('env.')) {
      env[key.slice(4)] = raw;
      continue;
    }
    patch[key] = parseValue(keyOf(key), KEYS[keyOf(key)], raw, cwd);
  }
  for (const key of unset) {
    if (key.startsWith('env.')) env[key.slice(4)] = null;
    else if (key === 'env') patch.env = null;
    else patch[keyOf(key)] = null;
  }
  if (Object.keys(env).length) {
    if (patch.env === null)
      throw new CliError(
        '--unset env clears every variable; do not set env.NAME with it',
        ExitCode.usage,
      );
    patch.env = env;
  }
  return patch;
}

function parseValue(key: string, kind: Kind, raw: string, cwd: string): unknown {
  switch (kind) {
    case 'path':
      return resolvePath(cwd, raw);
    case 'string':
      return raw;
    case 'int': {
      if (!/^-?\d+$/.test(raw))
        throw new CliError(`${key} is a whole number, not "${raw}"`, ExitCode.usage);
      return Number(raw);
    }
    case 'bool': {
      const value = {
        true: true,
        yes: true,
        on: true,
        '1': true,
        false: false,
        no: false,
        off: false,
        '0': false,
      }[raw.toLowerCase()];
      if (value === undefined)
        throw new CliError(`${key} is true or false, not "${raw}"`, ExitCode.usage);
      return value;
    }
  }
}

/** `rdv pref show|get|set`: the settings new sessions start with, per user or folder. */
export function registerPrefCommand(program: Command, ctx: CliContext): void {
  const pref = program
    .command('pref')
    .alias('prefs')
    .description('preferences for new sessions (user level or per folder)');
  const folderIdOf = async (client: ReturnType<CliContext['api']>['client'], ref?: string) =>
    ref ? (await resolveFolder(client, ref)).id : null;

  withJson(pref.command('show').description('the effective values and where each comes from'))
    .option('-f, --folder <folder>', 'inside this folder (default: user level)')
    .action((opts: JsonOption & { folder?: string }) =>
      withApi(ctx, async (client) => {
        const resolved = await client.preferences.resolve.query({
          folderId: await folderIdOf(client, opts.folder),
        });
        if (opts.json) return printJson(ctx, resolved);
        const rows = Object.entries(resolved.values).map(([key, value]) => ({
          key,
          value:
            key === 'env'
              ? Object.entries(value as Record<string, string>)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(' ') || '-'
              : value === null
                ? '-'
                : typeof value === 'string'
                  ? value
                  : JSON.stringify(value),
          source: resolved.sources[key as keyof typeof resolved.sources] ?? '',
        }));
        print(
          ctx,
          renderTable(
            [
              { header: 'key', value: (r: (typeof rows)[number]) => r.key },
              { header: 'value', value: (r) => r.value, maxWidth: 60 },
              { header: 'source', value: (r) => r.source },
            ],
            rows,
          ),
        );
      }),
    );

  withJson(pref.command('get').description("one level's own settings (unset keys are inherited)"))
    .option('-f, --folder <folder>', "this folder's level (default: user level)")
    .action((opts: JsonOption & { folder?: string }) =>
      withApi(ctx, async (client) => {
        const stored = await client.preferences.get.query({
          folderId: await folderIdOf(client, opts.folder),
        });
        if (opts.json) return printJson(ctx, stored);
        for (const [key, value] of Object.entries(stored)) {
          print(ctx, `${key}=${value === null ? '' : JSON.stringify(value)}`);
        }
      }),
    );

  withJson(
    pref
      .command('set')
      .argument('[key=value...]', 'settings, e.g. cwd=~/src shell=/bin/zsh env.EDITOR=vim')
      .description('change settings at one level'),
  )
    .option('-f, --folder <folder>', "this folder's level (default: user level)")
    .option('-u, --unset <key>', 'inherit this key again (env.NAME unsets one variable)', collect)
    .action((assignments: string[], opts: JsonOption & { folder?: string; unset?: string[] }) =>
      withApi(ctx, async (client) => {
        const values = parsePreferencePatch(assignments, opts.unset ?? [], process.cwd());
        if (Object.keys(values).length === 0)
          throw new CliError('nothing to set: give key=value or --unset key', ExitCode.usage);
        const stored = await client.preferences.set.mutate({
          folderId: await folderIdOf(client, opts.folder),
          values,
        });
        if (opts.json) return printJson(ctx, stored);
        print(ctx, `updated ${Object.keys(values).join(', ')}`);
      }),
    );
}
