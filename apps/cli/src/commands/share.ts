import type { Command } from 'commander';
import type { ShareLink } from '../api/types.ts';
import type { CliContext } from '../context.ts';
import { CliError, ExitCode } from '../errors.ts';
import { renderTable } from '../format/table.ts';
import { ago, parseDuration, toDate } from '../format/values.ts';
import { note, print, printJson, withApi, type JsonOption } from '../output.ts';
import { resolveSession } from '../resolve/resolvers.ts';
import { withJson } from './options.ts';

/** `rdv share create|list|revoke`: read-only links to watch one session, for people who are not users. */
export function registerShareCommand(program: Command, ctx: CliContext): void {
  const share = program
    .command('share')
    .alias('shares')
    .description('read-only share links: someone watches one session live, and cannot type');

  withJson(
    share
      .command('create')
      .alias('new')
      .argument('<session>', 'session id, name or prefix')
      .description('make a link to watch a session read-only; it is shown once'),
  )
    .option('--label <text>', 'who or what it is for (default: "shared from the CLI")')
    .option('--expires <duration>', 'lifetime from 5m to 7d: 300, 90m, 12h, 2d (default 1h)')
    .option('-q, --quiet', 'print only the link')
    .action((ref: string, opts: JsonOption & { label?: string; expires?: string; quiet?: boolean }) =>
      withApi(ctx, async (client) => {
        const expiresInSeconds = opts.expires === undefined ? undefined : durationOf(opts.expires);
        const session = await resolveSession(client, ref);
        const created = await client.shares.create.mutate({
          sessionId: session.id,
          label: opts.label ?? 'shared from the CLI',
          ...(expiresInSeconds ? { expiresInSeconds } : {}),
        });
        if (opts.json) return printJson(ctx, created);
        if (opts.quiet) return print(ctx, created.url);
        note(
          ctx,
          `read-only link to ${created.sessionName} (${created.id}), expires ${ago(created.expiresAt)}; it is shown only now:`,
        );
        print(ctx, created.url);
      }),
    );

  withJson(share.command('list').alias('ls').description('your share links (never the secrets)'))
    .option('-a, --all', 'include revoked and expired links')
    .action((opts: JsonOption & { all?: boolean }) =>
      withApi(ctx, async (client) => {
        const now = Date.now();
        const links = (await client.shares.list.query()).filter((l) => opts.all || stateOf(l, now) === 'active');
        if (opts.json) return printJson(ctx, links);
        if (links.length === 0) return print(ctx, 'no share links');
        print(ctx, shareTable(links, now));
      }),
    );

  withJson(
    share.command('revoke').argument('<id>', 'the link id (see rdv share list)').description('revoke a link: its viewers are cut off at once'),
  ).action((id: string, opts: JsonOption) =>
    withApi(ctx, async (client) => {
      const revoked = await client.shares.revoke.mutate({ id });
      if (opts.json) return printJson(ctx, revoked);
      print(ctx, `revoked share link ${revoked.label} (${revoked.id}) to ${revoked.sessionName}`);
    }),
  );
}

/** `--expires` as seconds; the daemon checks the bounds (5 minutes .. 7 days) and says so. */
export function durationOf(text: string): number {
  const seconds = parseDuration(text);
  if (seconds === null)
    throw new CliError(`--expires: "${text}" is not a duration (e.g. 30m, 12h, 2d)`, ExitCode.usage);
  return seconds;
}

function stateOf(link: ShareLink, now: number): string {
  if (link.revokedAt) return 'revoked';
  const expires = toDate(link.expiresAt);
  return expires && expires.getTime() <= now ? 'expired' : 'active';
}

export function shareTable(links: readonly ShareLink[], now = Date.now()): string {
  const state = (l: ShareLink) => {
    const s = stateOf(l, now);
    return s === 'active' ? `expires ${ago(l.expiresAt, now)}` : s;
  };
  return renderTable(
    [
      { header: 'id', value: (l: ShareLink) => l.id },
      { header: 'label', value: (l) => l.label, maxWidth: 40 },
      { header: 'session', value: (l) => l.sessionName, maxWidth: 30 },
      { header: 'state', value: state },
      { header: 'created', value: (l) => ago(l.createdAt, now) },
      { header: 'last used', value: (l) => ago(l.lastUsedAt, now) },
    ],
    links,
  );
}
