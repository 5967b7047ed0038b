import { CliError, ExitCode } from '../errors.ts';
import { printable } from '../format/table.ts';

/** Anything a person can name on the command line: by id, or by a name where it has one. */
export interface Referable {
  id: string;
  name?: string | null;
}

export interface ResolveOptions<T> {
  /** What it is, for messages: "session", "folder", ... */
  kind: string;
  /** Breaks ties: among several matches, the one this prefers wins if it is the only such. */
  prefer?: (item: T) => boolean;
  /** Shortest id prefix accepted; shorter ones only match whole names. @default 4 */
  minPrefix?: number;
  /** Extra ways to match, tried after names (a folder path, a token's public prefix). */
  alsoMatches?: (item: T, ref: string) => boolean;
}

/** How many candidates an "ambiguous" message lists. */
const MAX_LISTED_CANDIDATES = 5;

/**
 * Finds the one item `ref` means: its full id, else its exact name, else a unique id prefix.
 * Several matches are narrowed with `prefer` (e.g. live sessions over closed ones). No match
 * is `ExitCode.notFound`; several are `ExitCode.usage`, with the candidates in the message.
 */
export function resolveRef<T extends Referable>(
  items: readonly T[],
  ref: string,
  options: ResolveOptions<T>,
): T {
  const wanted = ref.trim();
  if (!wanted) throw new CliError(`no ${options.kind} given`, ExitCode.usage);
  const exact = items.find((item) => item.id === wanted);
  if (exact) return exact;

  const steps: Array<(item: T) => boolean> = [
    (item) => item.name === wanted,
    ...(options.alsoMatches ? [(item: T) => options.alsoMatches!(item, wanted)] : []),
    (item) => wanted.length >= (options.minPrefix ?? 4) && item.id.startsWith(wanted),
  ];
  for (const step of steps) {
    const matches = items.filter(step);
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) {
      const preferred = options.prefer ? matches.filter(options.prefer) : [];
      if (preferred.length === 1) return preferred[0]!;
      throw ambiguous(options.kind, wanted, preferred.length > 1 ? preferred : matches);
    }
  }
  throw new CliError(`no ${options.kind} matches "${printable(wanted)}"`, ExitCode.notFound);
}

function ambiguous(kind: string, ref: string, matches: readonly Referable[]): CliError {
  const listed = matches
    .slice(0, MAX_LISTED_CANDIDATES)
    .map((item) => (item.name ? `${item.id} (${printable(item.name)})` : item.id))
    .join(', ');
  const more =
    matches.length > MAX_LISTED_CANDIDATES
      ? `, and ${matches.length - MAX_LISTED_CANDIDATES} more`
      : '';
  return new CliError(
    `"${printable(ref)}" matches ${matches.length} ${kind}s: ${listed}${more}; give more of the id`,
    ExitCode.usage,
  );
}
