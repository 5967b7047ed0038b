import type { Command } from 'commander';
import type { SearchMatch, SearchPage } from '../api/types.ts';
import type { CliContext } from '../context.ts';
import { CliError, ExitCode } from '../errors.ts';
import { formatSearchLine } from '../format/search-line.ts';
import { note, print, printJson, withApi, type JsonOption } from '../output.ts';
import { resolveFolder, resolveSession } from '../resolve/resolvers.ts';
import { positiveInt, withJson } from './options.ts';

/** Matches printed when --limit is not given. */
const DEFAULT_LIMIT = 100;
/** The API's largest page. */
const PAGE_SIZE = 500;
const SOURCES = ['scrollback', 'recording'] as const;

interface SearchOptions extends JsonOption {
  regex?: boolean;
  caseSensitive?: boolean;
  folder?: string;
  session?: string;
  source?: string;
  limit?: number;
}

/** `rdv search <query>`: text across every session's scrollback and recordings. */
export function registerSearchCommand(program: Command, ctx: CliContext): void {
  withJson(
    program
      .command('search')
      .argument('<query>', 'text to find (a regular expression with --regex)')
      .description("find text in every session's scrollback and recordings")
      .option('-E, --regex', 'read the query as a JavaScript regular expression')
      .option('-s, --case-sensitive', 'match case exactly (default: ignore case)')
      .option('-f, --folder <folder>', 'only sessions in this folder (id, name or path)')
      .option('--session <session>', 'only this session (id, name or id prefix)')
      .option('--source <source>', 'only scrollback (live sessions) or recording')
      .option(
        '-n, --limit <n>',
        `print at most this many matches (default ${DEFAULT_LIMIT})`,
        positiveInt,
      )
      .addHelpText(
        'after',
        '\nPrints session-name:line: text, newest sessions first, live scrollback before recordings.\n' +
          "Line numbers count from the top of the session's history as tmux holds it now.",
      ),
  ).action((query: string, opts: SearchOptions) =>
    withApi(ctx, async (client) => {
      if (opts.source && !(SOURCES as readonly string[]).includes(opts.source)) {
        throw new CliError(`--source is one of ${SOURCES.join(', ')}`, ExitCode.usage);
      }
      const [folder, session] = await Promise.all([
        opts.folder ? resolveFolder(client, opts.folder) : undefined,
        opts.session ? resolveSession(client, opts.session) : undefined,
      ]);
      const limit = opts.limit ?? DEFAULT_LIMIT;
      const matches: SearchMatch[] = [];
      let page: SearchPage | undefined;
      let cursor: string | undefined;
      const color = !opts.json && Boolean(ctx.stdout.isTTY) && !ctx.env.NO_COLOR;
      // Pages follow each other until the limit or the end (a page cut short by the daemon's time
      // budget carries a cursor like a full one).
      do {
        page = await client.search.query.query({
          query,
          regex: Boolean(opts.regex),
          caseSensitive: Boolean(opts.caseSensitive),
          ...(folder ? { folderId: folder.id } : {}),
          ...(session ? { sessionId: session.id } : {}),
          ...(opts.source ? { sources: [opts.source as (typeof SOURCES)[number]] } : {}),
          limit: Math.min(PAGE_SIZE, limit - matches.length),
          ...(cursor ? { cursor } : {}),
        });
        for (const match of page.matches) {
          matches.push(match);
          if (!opts.json) print(ctx, formatSearchLine(match, color));
        }
        // A page that found nothing and could not move on would come back the same forever.
        const stuck = page.matches.length === 0 && page.nextCursor === cursor;
        cursor = page.nextCursor ?? undefined;
        if (stuck) break;
      } while (cursor && matches.length < limit);
      if (opts.json) return printJson(ctx, { matches, nextCursor: cursor ?? null });
      if (matches.length === 0) note(ctx, 'no matches');
      else if (cursor) note(ctx, `(stopped at ${limit} matches; --limit N for more)`);
    }),
  );
}
