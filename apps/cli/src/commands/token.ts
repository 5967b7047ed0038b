import type { Command } from 'commander';
import type { Token } from '../api/types.ts';
import type { CliContext } from '../context.ts';
import { CliError, ExitCode } from '../errors.ts';
import { renderTable } from '../format/table.ts';
import { ago, parseDuration, toDate } from '../format/values.ts';
import { note, print, printJson, withApi, type JsonOption } from '../output.ts';
import { resolveToken } from '../resolve/resolvers.ts';
import { withJson } from './options.ts';

/** `rdv token create|list|revoke`: CLI tokens (for scripts, other machines, agents). */
export function registerTokenCommand(program: Command, ctx: CliContext): void {
  const token = program
    .command('token')
    .alias('tokens')
    .description('create, list and revoke CLI tokens');

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
