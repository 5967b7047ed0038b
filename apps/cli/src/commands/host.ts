import type { Command } from 'commander';
import type { HostSummary } from '../api/types.ts';
import type { CliContext } from '../context.ts';
import { ExitCode } from '../errors.ts';
import { renderTable } from '../format/table.ts';
import { ago } from '../format/values.ts';
import { note, print, printJson, withApi, type JsonOption } from '../output.ts';
import { withJson } from './options.ts';

/** `rdv host add|list|test|remove`: other machines' rdv, reached over SSH by this one's daemon. */
export function registerHostCommand(program: Command, ctx: CliContext): void {
  const host = program
    .command('host')
    .alias('hosts')
    .description("other machines' rdv, reached over ssh (the fleet)");

  withJson(
    host
      .command('add')
      .argument('<name>', 'what rdv calls it (lower-case letters, digits, dashes)')
      .argument('<destination>', 'what ssh accepts: user@host, an alias of ~/.ssh/config')
      .description(
        'check over ssh that rdv runs there, take a CLI token of it and connect; the host key must already be known to ssh',
      ),
  )
    .option(
      '-o, --ssh-option <Key=value>',
      'an ssh -o option (repeatable), e.g. Port=2222',
      collect,
      [],
    )
    .action((name: string, destination: string, opts: JsonOption & { sshOption: string[] }) =>
      withApi(ctx, async (client) => {
        const added = await client.hosts.add.mutate({
          name,
          destination,
          sshOptions: opts.sshOption,
        });
        if (opts.json) return printJson(ctx, added);
        print(ctx, `added host ${added.name} (${added.destination}): ${describe(added)}`);
        if (added.state !== 'connected') ctx.exitCode = ExitCode.error;
      }),
    );

  withJson(host.command('list').alias('ls').description('the hosts and their connection')).action(
    (opts: JsonOption) =>
      withApi(ctx, async (client) => {
        const hosts = await client.hosts.list.query();
        if (opts.json) return printJson(ctx, hosts);
        if (hosts.length === 0) return print(ctx, 'no hosts; add one: rdv host add NAME user@host');
        print(
          ctx,
          renderTable(
            [
              { header: 'name', value: (h: HostSummary) => h.name },
              { header: 'destination', value: (h) => h.destination, maxWidth: 40 },
              { header: 'state', value: (h) => h.state.replace('_', ' ') },
              { header: 'since', value: (h) => ago(h.since) },
              {
                header: 'sessions',
                value: (h) => (h.activeSessions === null ? '-' : String(h.activeSessions)),
              },
              { header: 'version', value: (h) => h.version ?? '-' },
              { header: 'reason', value: (h) => h.reason ?? '', maxWidth: 80 },
            ],
            hosts,
          ),
        );
      }),
  );

  withJson(
    host
      .command('test')
      .argument('<name>', 'the host')
      .description('reconnect now if needed and ask its rdv for its version and sessions'),
  ).action((name: string, opts: JsonOption) =>
    withApi(ctx, async (client) => {
      const tested = await client.hosts.test.mutate({ name });
      if (tested.state !== 'connected') ctx.exitCode = ExitCode.error;
      if (opts.json) return printJson(ctx, tested);
      print(ctx, `${tested.name}: ${describe(tested)}`);
    }),
  );

  withJson(
    host
      .command('remove')
      .alias('rm')
      .argument('<name>', 'the host')
      .description('disconnect, forget the host and its token, and revoke that token there'),
  ).action((name: string, opts: JsonOption) =>
    withApi(ctx, async (client) => {
      const removed = await client.hosts.remove.mutate({ name });
      if (opts.json) return printJson(ctx, removed);
      print(ctx, `removed host ${removed.name}`);
      if (!removed.remoteTokenRevoked)
        note(
          ctx,
          `its token could not be revoked there (unreachable?): revoke it on that machine with rdv token list / rdv token revoke`,
        );
    }),
  );
}

function describe(host: HostSummary): string {
  if (host.state === 'connected')
    return `connected, rdv ${host.version ?? '?'}, ${host.activeSessions ?? 0} live session(s)`;
  return `${host.state.replace('_', ' ')}${host.reason ? `: ${host.reason}` : ''}`;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
