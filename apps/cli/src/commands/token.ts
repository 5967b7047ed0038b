import type { Command } from 'commander';
import type { Token } from '../api/types.ts';
import type { CliContext } from '../context.ts';
import { CliError, ExitCode } from '../errors.ts';
import { renderTable } from '../format/table.ts';
import { ago, parseDuration, toDate } from '../format/values.ts';
import { note, print, printJson, withApi, type JsonOption } from '../output.ts';
import { resolveToken } from '../resolve/resolvers.ts';
import { withJson } from './options.ts';

/** `rdv token create|list|revoke|expire`: CLI tokens (for scripts, other machines, agents). */
export function registerTokenCommand(program: Command, ctx: CliContext): void {
  const token = program
    .command('token')
    .alias('tokens')
    .description('create, list, expire and revoke CLI tokens');

  withJson(token.command('list').alias('ls').description('your tokens (never the secrets)'))
    .option('-a, --all', 'include revoked tokens')
    .action((opts: JsonOption & { all?: boolean }) =>
      withApi(ctx, async (client) => {
        const tokens = (await client.tokens.list.query()).filter((t) => opts.all || !t.revokedAt);
        if (opts.json) return printJson(ctx, tokens);
        if (tokens.length === 0) return print(ctx, 'no tokens');
        print(ctx, tokenTable(tokens));
      }),
    );

  withJson(
    token
      .command('create')
      .alias('new')
      .argument('<name>', 'what it is for')
      .description('create a token; it is shown once'),
  )
    .option('--expires-in <duration>', 'lifetime: 3600, 90m, 12h, 30d, 2w (default: never expires)')
    .option('-q, --quiet', 'print only the token')
    .action((name: string, opts: JsonOption & { expiresIn?: string; quiet?: boolean }) =>
      withApi(ctx, async (client) => {
        let expiresInSeconds: number | undefined;
        if (opts.expiresIn) {
          const seconds = parseDuration(opts.expiresIn);
          if (seconds === null)
            throw new CliError(
              `--expires-in: "${opts.expiresIn}" is not a duration (e.g. 12h, 30d)`,
              ExitCode.usage,
            );
          expiresInSeconds = seconds;
        }
        const created = await client.tokens.create.mutate({
          name,
          ...(expiresInSeconds ? { expiresInSeconds } : {}),
        });
        if (opts.json) return printJson(ctx, created);
        if (opts.quiet) return print(ctx, created.token);
        note(ctx, `created token ${created.name} (${created.id}); it is shown only now:`);
        print(ctx, created.token);
      }),
    );

  withJson(
    token
      .command('revoke')
      .argument('<token>', 'id, name or prefix')
      .description('revoke a token (effective at once)'),
  ).action((ref: string, opts: JsonOption) =>
    withApi(ctx, async (client) => {
      const found = await resolveToken(client, ref);
      const revoked = await client.tokens.revoke.mutate({ id: found.id });
      if (opts.json) return printJson(ctx, revoked);
      print(ctx, `revoked token ${revoked.name} (${revoked.id})`);
    }),
  );

  withJson(
    token
      .command('expire')
      .argument('<token>', 'id, name or prefix')
      .description('set when a token expires: --in <duration> (0 = now) or --never'),
  )
    .option('--in <duration>', 'from now: 0 (at once), 3600, 90m, 12h, 30d, 2w')
    .option('--never', 'never expires')
    .action((ref: string, opts: JsonOption & { in?: string; never?: boolean }) =>
      withApi(ctx, async (client) => {
        const expiresInSeconds = expiryOf(opts);
        const found = await resolveToken(client, ref);
        const updated = await client.tokens.setExpiry.mutate({ id: found.id, expiresInSeconds });
        if (opts.json) return printJson(ctx, updated);
        const at = toDate(updated.expiresAt);
        print(
          ctx,
          at === null
            ? `token ${updated.name} (${updated.id}) never expires`
            : at.getTime() <= Date.now()
              ? `token ${updated.name} (${updated.id}) expired now`
              : `token ${updated.name} (${updated.id}) expires ${ago(at)} (${at.toISOString()})`,
        );
      }),
    );
}

/** `--in <duration>` (0 = now) or `--never` (null), exactly one of them. */
function expiryOf(opts: { in?: string; never?: boolean }): number | null {
  if ((opts.in === undefined) === !opts.never)
    throw new CliError('give exactly one of --in <duration> and --never', ExitCode.usage);
  if (opts.never) return null;
  const text = (opts.in ?? '').trim();
  const seconds = /^0+[smhdw]?$/.test(text) ? 0 : parseDuration(text);
  if (seconds === null)
    throw new CliError(
      `--in: "${opts.in}" is not a duration (e.g. 0, 12h, 30d)`,
      ExitCode.usage,
    );
  return seconds;
}

export function tokenTable(tokens: readonly Token[], now = Date.now()): string {
  const state = (t: Token) => {
    if (t.revokedAt) return 'revoked';
    const expires = toDate(t.expiresAt);
    if (expires && expires.getTime() <= now) return 'expired';
    return expires ? `expires ${ago(expires, now)}` : 'active';
  };
  return renderTable(
    [
      { header: 'id', value: (t: Token) => t.id },
      { header: 'name', value: (t) => t.name, maxWidth: 40 },
      { header: 'prefix', value: (t) => t.prefix },
      { header: 'state', value: state },
      { header: 'created', value: (t) => ago(t.createdAt, now) },
      { header: 'last used', value: (t) => ago(t.lastUsedAt, now) },
    ],
    tokens,
  );
}
