import { stat } from 'node:fs/promises';
import type { PrismaClient } from '@rdv/db';
import { paneHistories, HISTORY_BLOCK_LINES, type Tmux } from '@rdv/terminal';
import { NotFoundError } from '../../errors.ts';
import { SEARCH_SOURCES, type SearchQueryInput, type SearchSource } from '../../schemas/search.ts';
import { TMUX_OWNING_STATUSES } from '../sessions/session-service.ts';
import type { MatchRange } from './find-ranges.ts';
import { createMatcher, type BlockMatcher } from './line-matcher.ts';
import { boundedText } from './match-text.ts';
import { recordingBlocks } from './recording-lines.ts';
import { decodeCursor, encodeCursor, isAfter, type SearchPosition } from './search-cursor.ts';
import { Semaphore } from './semaphore.ts';

/** A query stops here and answers with what it found, `truncated`, and a cursor to go on. */
export const SEARCH_TIME_BUDGET_MS = 5_000;
/** Searches running at once; more wait their turn (each one keeps tmux busy for a while). */
export const MAX_CONCURRENT_SEARCHES = 2;
/**
 * Sessions per tmux invocation: few at first, so that a query whose matches are everywhere
 * answers after a few captures; then more, so that a full scan needs few spawns. tmux runs an
 * invocation's captures back to back, so a window also bounds how long panes wait for tmux.
 */
export const FIRST_WINDOW_SESSIONS = 4;
export const MAX_WINDOW_SESSIONS = 16;

export interface SearchMatch {
  sessionId: string;
  sessionName: string;
  folderId: string | null;
  source: SearchSource;
  /**
   * 1-based line: in a scrollback, the row from the top of the session's history as tmux holds
   * it now (oldest kept line = 1); in a recording, the line of its text transcript.
   */
  line: number;
  /** Scrollback only: rows below this one (0 = the bottom row), what a terminal scrolls by. */
  fromEnd?: number;
  /** Recording only: seconds from the start of the recording to the output that ended the line. */
  time?: number;
  /** The line (cut to MAX_MATCH_TEXT around the first match when longer). */
  text: string;
  /** Where the query is in `text`: [start, end) in UTF-16 code units. */
  ranges: MatchRange[];
}

export interface SearchResult {
  matches: SearchMatch[];
  /** Pass as `cursor` for the next page; null when everything was searched. */
  nextCursor: string | null;
  /** Sessions whose scrollback or recording this page read (partly or wholly). */
  searchedSessions: number;
  elapsedMs: number;
  /** The time budget ran out before the page was full: `nextCursor` goes on from there. */
  truncated: boolean;
}

interface SessionRow {
  id: string;
  name: string;
  folderId: string | null;
  tmuxName: string;
  status: string;
  createdAt: Date;
}

/** One page being filled. */
class Page {
  readonly matches: SearchMatch[] = [];
  readonly searched = new Set<string>();
  /** How far the scan got (everything up to here was searched). */
  position: SearchPosition | null;
  truncated = false;

  constructor(
    readonly limit: number,
    readonly deadline: number,
    start: SearchPosition | null,
  ) {
    this.position = start;
  }

  get full(): boolean {
    return this.matches.length >= this.limit;
  }

  /** Out of time: stop where we are. */
  get late(): boolean {
    return performance.now() > this.deadline;
  }
}

/**
 * `search.query`: text across the caller's sessions, read on demand (README "Search"): each live
 * session's tmux history through `capture-pane`, a few sessions per spawned tmux client, and
 * each recording file, streamed. Nothing is indexed or kept between queries; a query holds at
 * most a block of lines and its page of matches.
 */
export class SearchService {
  private readonly running = new Semaphore(MAX_CONCURRENT_SEARCHES);

  constructor(
    private readonly db: PrismaClient,
    private readonly tmux: Tmux,
    /** Where a session's recording is (RecordingService). */
    private readonly recordingFile: (sessionId: string) => string,
    private readonly budgetMs = SEARCH_TIME_BUDGET_MS,
  ) {}

  async query(
    userId: string,
    input: SearchQueryInput,
    signal?: AbortSignal,
  ): Promise<SearchResult> {
    const started = performance.now();
    const start = decodeCursor(input);
    const sessions = await this.sessionsToSearch(userId, input);
    const page = new Page(input.limit, started + this.budgetMs, start);
    const release = await this.running.acquire(signal);
    let matcher: BlockMatcher | undefined;
    try {
      matcher = createMatcher(input);
      const sources = SEARCH_SOURCES.filter(
        (source) => !input.sources || input.sources.includes(source),
      );
      for (const source of sources) {
        if (start && SEARCH_SOURCES.indexOf(source) < SEARCH_SOURCES.indexOf(start.source))
          continue;
        const from = start?.source === source ? start : null;
        const todo = sessions.filter(
          (s) => !from || s.id === from.sessionId || isAfter(key(s), from),
        );
        const finished =
          source === 'scrollback'
            ? await this.scanScrollback(todo, from, matcher, page, signal)
            : await this.scanRecordings(todo, from, matcher, page, signal);
        if (!finished) break;
      }
    } finally {
      matcher?.dispose();
      release();
    }
    const more = page.full || page.truncated;
    return {
      matches: page.matches,
      nextCursor:
        more && page.position
          ? encodeCursor(input, page.position)
          : more
            ? (input.cursor ?? null)
            : null,
      searchedSessions: page.searched.size,
      elapsedMs: Math.round(performance.now() - started),
      truncated: page.truncated,
    };
  }

  /** The caller's sessions in search order; NOT_FOUND for a folder or session that is not theirs. */
  private async sessionsToSearch(userId: string, input: SearchQueryInput): Promise<SessionRow[]> {
    if (input.folderId !== undefined) {
      const folder = await this.db.folder.findFirst({
        where: { id: input.folderId, userId },
        select: { id: true },
      });
      if (!folder) throw new NotFoundError(`folder ${input.folderId} not found`);
    }
    if (input.sessionId !== undefined) {
      const session = await this.db.session.findFirst({
        where: { id: input.sessionId, userId },
        select: { id: true },
      });
      if (!session) throw new NotFoundError(`session ${input.sessionId} not found`);
    }
    return this.db.session.findMany({
      where: {
        userId,
        status: { not: 'trashed' },
        ...(input.folderId !== undefined ? { folderId: input.folderId } : {}),
        ...(input.sessionId !== undefined ? { id: input.sessionId } : {}),
      },
      select: {
        id: true,
        name: true,
        folderId: true,
        tmuxName: true,
        status: true,
        createdAt: true,
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
  }

  /**
   * Live sessions' tmux histories, a window of sessions per tmux client; false when the page
   * stopped. The next window's client starts while this one is read, so tmux captures while we
   * match (its output waits in the pipe and in tmux, not here).
   */
  private async scanScrollback(
    sessions: SessionRow[],
    from: SearchPosition | null,
    matcher: BlockMatcher,
    page: Page,
    signal: AbortSignal | undefined,
  ): Promise<boolean> {
    const live = sessions.filter((s) => (TMUX_OWNING_STATUSES as string[]).includes(s.status));
    const byTmuxName = new Map(live.map((s) => [s.tmuxName, s]));
    const stop = new AbortController();
    const scanSignal = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
    const open = (window: SessionRow[]) => {
      const blocks = paneHistories(
        this.tmux,
        window.map((s) => s.tmuxName),
        { signal: scanSignal, blockLines: HISTORY_BLOCK_LINES },
      );
      const first = blocks.next();
      // Awaited below (or dropped when the scan stops first): never an unhandled rejection.
      first.catch(() => undefined);
      return { blocks, first };
    };
    // A next page is not waited for by someone typing: it starts with full windows (fewer spawns).
    const windows = scrollbackWindows(live, from ? MAX_WINDOW_SESSIONS : FIRST_WINDOW_SESSIONS);
    let next = windows[0] ? open(windows[0]) : undefined;
    let current: typeof next;
    try {
      for (let w = 0; next; w++) {
        current = next;
        next = windows[w + 1] ? open(windows[w + 1]!) : undefined;
        for (let item = await current.first; !item.done; item = await current.blocks.next()) {
          const block = item.value;
          const session = byTmuxName.get(block.name);
          if (!session) continue;
          const skip = from?.sessionId === session.id ? from.line : 0;
          const stopped = await this.scanBlock(
            page,
            matcher,
            session,
            'scrollback',
            block,
            skip,
            (line) => ({
              fromEnd: block.total - line,
            }),
          );
          if (stopped) {
            stop.abort();
            return false;
          }
        }
      }
      return true;
    } finally {
      // Kills the clients still running and closes their generators (their timers, their pipes).
      stop.abort();
      for (const left of [current, next])
        void left?.blocks.return(undefined).catch(() => undefined);
    }
  }

  /** Recording files, one after another, streamed; false when the page stopped. */
  private async scanRecordings(
    sessions: SessionRow[],
    from: SearchPosition | null,
    matcher: BlockMatcher,
    page: Page,
    signal: AbortSignal | undefined,
  ): Promise<boolean> {
    for (const session of sessions) {
      const file = this.recordingFile(session.id);
      if (!(await stat(file).catch(() => null))?.isFile()) continue;
      page.searched.add(session.id);
      const resumes = from?.sessionId === session.id;
      const skip = resumes ? from.line : 0;
      const after = resumes && from.resume ? { ...from.resume, line: from.line } : undefined;
      for await (const block of recordingBlocks(file, {
        blockLines: HISTORY_BLOCK_LINES,
        signal,
        ...(after ? { after } : {}),
      })) {
        const stopped = await this.scanBlock(
          page,
          matcher,
          session,
          'recording',
          block,
          skip,
          (line) => ({
            time: block.times[line - 1 - block.first] ?? 0,
          }),
        );
        if (stopped) return false;
      }
      // A session with no lines past the cursor still counts as searched through.
      if (
        !page.position ||
        page.position.sessionId !== session.id ||
        page.position.source !== 'recording'
      ) {
        page.position = {
          source: 'recording',
          createdAt: session.createdAt.getTime(),
          sessionId: session.id,
          line: skip,
          ...(resumes && from.resume ? { resume: from.resume } : {}),
        };
      }
    }
    return true;
  }

  /**
   * Matches one block into the page. Returns true when the page must stop (full, or out of
   * time), with `page.position` on the last line it covers.
   */
  private async scanBlock(
    page: Page,
    matcher: BlockMatcher,
    session: SessionRow,
    source: SearchSource,
    block: {
      first: number;
      text: string;
      count: number;
      ends?: Array<{ offset: number; drop: number }>;
    },
    skip: number,
    extra: (line: number) => Pick<SearchMatch, 'fromEnd' | 'time'>,
  ): Promise<boolean> {
    page.searched.add(session.id);
    const at = (line: number): SearchPosition => {
      // A recording's next page reads from the event where this line ended.
      const resume = block.ends?.[line - 1 - block.first];
      return {
        source,
        createdAt: session.createdAt.getTime(),
        sessionId: session.id,
        line,
        ...(resume ? { resume } : {}),
      };
    };
    const last = block.first + block.count;
    if (last > skip) {
      const hits = await matcher.match(block.text);
      for (const hit of hits) {
        const line = block.first + hit.index + 1;
        if (line <= skip) continue;
        const { text, ranges } = boundedText(hit.text, hit.ranges);
        page.matches.push({
          sessionId: session.id,
          sessionName: session.name,
          folderId: session.folderId,
          source,
          line,
          ...extra(line),
          text,
          ranges,
        });
        if (page.full) {
          page.position = at(line);
          return true;
        }
      }
    }
    page.position = at(Math.max(last, skip));
    if (page.late) {
      page.truncated = true;
      return true;
    }
    return false;
  }
}

/** Sessions in windows of `first` sessions, doubling up to MAX_WINDOW_SESSIONS. */
export function scrollbackWindows<T>(sessions: readonly T[], first = FIRST_WINDOW_SESSIONS): T[][] {
  const windows: T[][] = [];
  let size = first;
  for (
    let at = 0;
    at < sessions.length;
    at += size, size = Math.min(size * 2, MAX_WINDOW_SESSIONS)
  ) {
    windows.push(sessions.slice(at, at + size));
  }
  return windows;
}

function key(session: SessionRow): { createdAt: number; id: string } {
  return { createdAt: session.createdAt.getTime(), id: session.id };
}
