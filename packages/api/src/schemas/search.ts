import { z } from 'zod';
import { idSchema } from './common.ts';

/** Where `search.query` looks: live sessions' tmux history, and session recordings. */
export const SEARCH_SOURCES = ['scrollback', 'recording'] as const;
export type SearchSource = (typeof SEARCH_SOURCES)[number];

/** Longest literal query. */
export const MAX_SEARCH_QUERY_LENGTH = 500;
/** Longest regular expression: a short pattern is easier to reason about (and cheaper to run). */
export const MAX_SEARCH_REGEX_LENGTH = 200;
/** @default matches per page */
export const DEFAULT_SEARCH_LIMIT = 50;
export const MAX_SEARCH_LIMIT = 500;
/** A page cursor is an opaque token from the previous answer. */
export const MAX_SEARCH_CURSOR_LENGTH = 1_024;

/**
 * The flags a query's regular expression is run with: the same as the dashboard's find bar
 * (xterm's search addon), so a match found here is the one highlighted there.
 */
export function searchRegExpFlags(caseSensitive: boolean): string {
  return caseSensitive ? 'g' : 'gi';
}

/** Why a regular expression cannot be used, or null when it can (also checked by the daemon). */
export function regexProblem(source: string, caseSensitive: boolean): string | null {
  let re: RegExp;
  try {
    re = new RegExp(source, searchRegExpFlags(caseSensitive));
  } catch (error) {
    return `invalid regular expression: ${(error as Error).message}`;
  }
  // A pattern that matches nothing at all would match every line.
  if (re.test('')) return 'the regular expression matches empty text (every line would match)';
  return null;
}

export const searchQueryInput = z
  .object({
    /** Text to find on one line (a literal string unless `regex`). */
    query: z
      .string()
      .min(1, 'a query cannot be empty')
      .max(MAX_SEARCH_QUERY_LENGTH, `a query is at most ${MAX_SEARCH_QUERY_LENGTH} characters`)
      // eslint-disable-next-line no-control-regex
      .regex(/^[^\n\r\u0000]*$/, 'a query is one line (no newline or NUL)'),
    /** Read `query` as a JavaScript regular expression. @default false */
    regex: z.boolean().default(false),
    /** @default false */
    caseSensitive: z.boolean().default(false),
    /** Only sessions in this folder (the caller's). */
    folderId: idSchema.optional(),
    /** Only this session (the caller's). */
    sessionId: idSchema.optional(),
    /** @default both */
    sources: z.array(z.enum(SEARCH_SOURCES)).min(1).max(SEARCH_SOURCES.length).optional(),
    /** `nextCursor` of the previous page of the same query. */
    cursor: z.string().min(1).max(MAX_SEARCH_CURSOR_LENGTH).optional(),
    /** @default DEFAULT_SEARCH_LIMIT */
    limit: z.int().min(1).max(MAX_SEARCH_LIMIT).default(DEFAULT_SEARCH_LIMIT),
  })
  .superRefine((input, ctx) => {
    if (!input.regex) return;
    if (input.query.length > MAX_SEARCH_REGEX_LENGTH) {
      ctx.addIssue({
        code: 'custom',
        path: ['query'],
        message: `a regular expression is at most ${MAX_SEARCH_REGEX_LENGTH} characters`,
      });
      return;
    }
    const problem = regexProblem(input.query, input.caseSensitive);
    if (problem) ctx.addIssue({ code: 'custom', path: ['query'], message: problem });
  });

export type SearchQueryInput = z.output<typeof searchQueryInput>;
