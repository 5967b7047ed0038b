import type { TRPCClient } from '@trpc/client';
import type { AppRouter } from '@rdv/api';
import type { Session } from '../api/types.ts';

/**
 * Sessions per `sessions.list` call. A call holds the daemon's event loop in proportion to its
 * rows (about 3.5 ms per 250 here, where all 1,000 at once held it about 15 ms, delaying every
 * keystroke behind it), and costs a fixed ~3.5 ms more: 500 keeps both small.
 */
export const SESSION_PAGE_SIZE = 500;

type ListInput = Omit<NonNullable<Parameters<TRPCClient<AppRouter>['sessions']['list']['query']>[0]>, 'limit' | 'after'>;

/**
 * Every session matching `input`, a page at a time, in the list's order. Each call asks for one
 * row more than a page, to know without another call whether a next page exists; the next page
 * is asked for as soon as one arrives, so the daemon works on it while the caller prints this one.
 */
export async function* sessionPages(
  client: TRPCClient<AppRouter>,
  input: ListInput,
  pageSize = SESSION_PAGE_SIZE,
): AsyncGenerator<Session[]> {
  const ask = (after?: Session) =>
    client.sessions.list.query({
      ...input,
      limit: pageSize + 1,
      ...(after
        ? { after: { pinned: after.pinned, createdAt: new Date(after.createdAt).toISOString(), id: after.id } }
        : {}),
    });
  let pending = ask();
  for (;;) {
    const rows = await pending;
    const page = rows.slice(0, pageSize);
    const more = rows.length > pageSize;
    if (more) {
      pending = ask(page.at(-1));
      // Awaited on the next turn; a caller that stops early must not leave it unhandled.
      pending.catch(() => undefined);
    }
    yield page;
    if (!more) return;
  }
}

export async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}
