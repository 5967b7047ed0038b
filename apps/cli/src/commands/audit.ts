import { InvalidArgumentError, type Command } from 'commander';
import type { AuditEntry } from '../api/types.ts';
import type { CliContext } from '../context.ts';
import { CliError, ExitCode } from '../errors.ts';
import { renderTable } from '../format/table.ts';
import { parseDuration, toDate } from '../format/values.ts';
import { print, printJson, withApi, type JsonOption } from '../output.ts';
import { positiveInt, withJson } from './options.ts';

const OUTCOMES = ['success', 'failure', 'refused'] as const;
type Outcome = (typeof OUTCOMES)[number];
/** The most rows `audit.list` returns per call. */
const MAX_PAGE = 200;
const DEFAULT_LIMIT = 50;

interface AuditOptions extends JsonOption {
  action?: string;
  outcome?: Outcome;
  target?: string;
  since?: string;
  limit: number;
}

/** `rdv audit`: the caller's own audit rows, newest first. */
export function registerAuditCommand(program: Command, ctx: CliContext): void {
  withJson(
    program
      .command('audit')
      .description('your audit log: authentications and sensitive operations, newest first'),
  )
    .option('--action <action>', 'an action (sessions.create) or a prefix of one (sessions, auth)')
    .option('--outcome <outcome>', 'success, failure or refused', parseOutcome)
    .option('--target <target>', 'an exact target, e.g. session:<id>')
    .option('--since <when>', 'an ISO date/time, or a duration back from now (90m, 1h, 7d)')
    .option('-n, --limit <n>', 'how many rows at most', positiveInt, DEFAULT_LIMIT)
    .action((opts: AuditOptions) =>
      withApi(ctx, async (client) => {
        const since = opts.since === undefined ? undefined : parseSince(opts.since);
        const items: AuditEntry[] = [];
        let cursor: string | undefined;
        do {
          const page = await client.audit.list.query({
            ...(opts.action ? { action: opts.action } : {}),
            ...(opts.outcome ? { outcome: opts.outcome } : {}),
            ...(opts.target ? { target: opts.target } : {}),
            ...(since ? { since } : {}),
            limit: Math.min(MAX_PAGE, opts.limit - items.length),
            ...(cursor ? { cursor } : {}),
          });
          items.push(...page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor && items.length < opts.limit);
        if (opts.json) return printJson(ctx, items);
        if (items.length === 0) return print(ctx, 'no audit rows');
        print(ctx, auditTable(items));
      }),
    );
}

function parseOutcome(value: string): Outcome {
  if (!(OUTCOMES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${OUTCOMES.join(', ')}`);
  return value as Outcome;
}

/** `--since`: a duration back from now (1h, 7d) or a date; an ISO string with an offset. */
export function parseSince(text: string, now = Date.now()): string {
  const seconds = parseDuration(text);
  if (seconds !== null) return new Date(now - seconds * 1000).toISOString();
  const date = /^\d{4}-\d{2}-\d{2}/.test(text.trim()) ? toDate(text.trim()) : null;
  if (!date)
    throw new CliError(
      `--since: "${text}" is neither a duration (1h, 7d) nor an ISO date`,
      ExitCode.usage,
    );
  return date.toISOString();
}

export function auditTable(items: readonly AuditEntry[]): string {
  const time = (e: AuditEntry) =>
    toDate(e.createdAt)
      ?.toISOString()
      .replace(/\.\d{3}Z$/, 'Z') ?? '-';
  return renderTable(
    [
      { header: 'time', value: time },
      { header: 'action', value: (e: AuditEntry) => e.action },
      { header: 'target', value: (e) => e.target ?? '-', maxWidth: 48 },
      { header: 'outcome', value: (e) => e.outcome },
      { header: 'token kind/id', value: (e) => `${e.tokenKind ?? '-'}/${e.tokenId ?? '-'}` },
    ],
    items,
  );
}
