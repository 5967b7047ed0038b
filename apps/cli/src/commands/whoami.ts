import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { print, printJson, withApi, type JsonOption } from '../output.ts';
import { withJson } from './options.ts';

/** `rdv whoami`: the user and token kind the daemon sees (checks the token, too). */
export function registerWhoamiCommand(program: Command, ctx: CliContext): void {
  withJson(program.command('whoami').description('who the daemon thinks you are')).action(
    (opts: JsonOption) =>
      withApi(ctx, async (client) => {
        const me = await client.me.get.query();
        if (opts.json) return printJson(ctx, me);
        print(ctx, `${me.user.username} (${me.tokenKind} token ${me.tokenId})`);
      }),
  );
}
