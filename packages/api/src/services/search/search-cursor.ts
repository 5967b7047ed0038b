// Page cursors of search.query: where the previous page stopped, bound to its query.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { BadInputError } from '../../errors.ts';
import { SEARCH_SOURCES, type SearchQueryInput, type SearchSource } from '../../schemas/search.ts';

/**
 * Everything up to and including this position was searched: sources in SEARCH_SOURCES order,
 * within a source sessions newest first (createdAt, then id, descending), within a session
 * lines in order.
 */
export interface SearchPosition {
  source: SearchSource;
  /** createdAt of the session, in ms. */
  createdAt: number;
  sessionId: string;
  /** The last line searched (1-based); the next page starts after it. */
  line: number;
  /**
   * Recordings: where that line ended, the event's byte offset and how many lines ended in it up
   * to this one (the next page reads from there; see recordingBlocks).
   */
  resume?: { offset: number; drop: number };
}

const cursorSchema = z.object({
  v: z.literal(1),
  /** Which query this cursor belongs to (queryKey). */
  k: z.string().max(64),
  s: z.enum(SEARCH_SOURCES),
  c: z.number().int().min(0),
  i: z.string().min(1).max(64),
  l: z.number().int().min(0),
  o: z.number().int().min(0).optional(),
  d: z.number().int().min(1).optional(),
});

/** What makes two queries the same, for a cursor: everything but the cursor and the limit. */
export function queryKey(input: SearchQueryInput): string {
  const { query, regex, caseSensitive, folderId, sessionId, sources } = input;
  const key = JSON.stringify([
    query,
    regex,
    caseSensitive,
    folderId ?? null,
    sessionId ?? null,
    [...(sources ?? SEARCH_SOURCES)].sort(),
  ]);
  return createHash('sha256').update(key).digest('base64url').slice(0, 16);
}

export function encodeCursor(input: SearchQueryInput, position: SearchPosition): string {
  const value: z.infer<typeof cursorSchema> = {
    v: 1,
    k: queryKey(input),
    s: position.source,
    c: position.createdAt,
    i: position.sessionId,
    l: position.line,
    ...(position.resume ? { o: position.resume.offset, d: position.resume.drop } : {}),
  };
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The position in `input.cursor`, or null without one; BAD_REQUEST when it is not ours. */
export function decodeCursor(input: SearchQueryInput): SearchPosition | null {
  if (input.cursor === undefined) return null;
  let parsed: z.infer<typeof cursorSchema>;
  try {
    parsed = cursorSchema.parse(
      JSON.parse(Buffer.from(input.cursor, 'base64url').toString('utf8')),
    );
  } catch {
    throw new BadInputError(
      'invalid cursor: pass the nextCursor of a previous search.query answer',
    );
  }
  if (parsed.k !== queryKey(input)) {
    throw new BadInputError(
      'the cursor belongs to another query: a cursor only continues the query that returned it',
    );
  }
  return {
    source: parsed.s,
    createdAt: parsed.c,
    sessionId: parsed.i,
    line: parsed.l,
    ...(parsed.o !== undefined && parsed.d !== undefined
      ? { resume: { offset: parsed.o, drop: parsed.d } }
      : {}),
  };
}

/** Whether a session comes after the cursor's session in search order (newest first). */
export function isAfter(
  session: { createdAt: number; id: string },
  position: SearchPosition,
): boolean {
  return (
    session.createdAt < position.createdAt ||
    (session.createdAt === position.createdAt && session.id < position.sessionId)
  );
}
