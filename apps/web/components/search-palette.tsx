'use client';

import { useQueries, useQuery } from '@tanstack/react-query';
import { qualifiedSessionId, splitSessionKey } from '@rdv/contract';
import { clientsOf } from '../lib/host-scope';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import {
  MIN_TEXT_QUERY,
  PALETTE_MATCH_LIMIT,
  highlightPieces,
  matchItems,
  nextIndex,
  quickItems,
  searchErrorText,
  type PaletteItem,
  type SearchMatch,
} from '../lib/palette';
import { useTRPC } from '../lib/trpc';
import type { Folder, Session } from '../lib/types';
import styles from './search-palette.module.css';
import { OptionToggle } from './ui/option-toggle';

/** Typing pauses this long before the text is searched in the sessions. */
const SEARCH_DEBOUNCE_MS = 250;

/** A text match to show in its session's terminal, with the options it was found with. */
export interface MatchTarget {
  match: SearchMatch;
  query: string;
  regex: boolean;
  caseSensitive: boolean;
}

const GROUP_LABELS: Record<PaletteItem['kind'], string> = {
  session: 'Sessions',
  folder: 'Folders',
  match: 'Text in sessions',
};

/**
 * Ctrl+K / Cmd+K: sessions and folders whose name holds the text (at once, from the lists the
 * dashboard has) and lines of the sessions' output that hold it (`search.query`, debounced). A
 * combobox: the arrows move, Enter opens, Escape closes.
 */
export function SearchPalette(props: {
  sessions: readonly Session[];
  folders: readonly Folder[];
  /** Connected hosts of the fleet, whose sessions' text is searched too (ids come back `host:id`). */
  hosts?: readonly string[];
  onClose: () => void;
  onOpenSession: (session: Session) => void;
  onOpenFolder: (folder: Folder) => void;
  onOpenMatch: (target: MatchTarget) => void;
}) {
  const trpc = useTRPC();
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const [text, setText] = useState('');
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [regex, setRegex] = useState(false);
  const [debounced, setDebounced] = useState('');
  const [active, setActive] = useState(0);

  useEffect(() => {
    // Focus goes back where it was (the terminal) when the palette closes without going anywhere.
    const before = document.activeElement;
    input.current?.focus();
    return () => {
      if (
        before instanceof HTMLElement &&
        (document.activeElement === document.body || document.activeElement === null)
      ) {
        before.focus();
      }
    };
  }, []);

  useEffect(() => {
    const timer = setTimeout(
      () => setDebounced(text.trim() === '' ? '' : text),
      SEARCH_DEBOUNCE_MS,
    );
    return () => clearTimeout(timer);
  }, [text]);

  const searching = debounced.length >= MIN_TEXT_QUERY;
  const searchInput = { query: debounced, regex, caseSensitive, limit: PALETTE_MATCH_LIMIT };
  const homeSearch = useQuery({
    ...trpc.search.query.queryOptions(searchInput),
    enabled: searching,
    staleTime: 5_000,
    retry: false,
  });
  // Each connected host searches its own sessions; a host that fails only loses its own matches.
  const hostSearches = useQueries({
    queries: (props.hosts ?? []).map((host) => ({
      queryKey: ['host-search', host, searchInput],
      queryFn: async () => {
        const client = clientsOf(host).client;
        const found = await client.search.query.query(searchInput);
        return {
          ...found,
          matches: found.matches.map((m) => ({
            ...m,
            sessionId: qualifiedSessionId(host, m.sessionId),
            sessionName: `${host}: ${m.sessionName}`,
          })),
        };
      },
      enabled: searching,
      staleTime: 5_000,
      retry: false,
    })),
  });
  const search = {
    error: homeSearch.error,
    isFetching: homeSearch.isFetching || hostSearches.some((q) => q.isFetching),
    data: homeSearch.data && {
      ...homeSearch.data,
      matches: [...homeSearch.data.matches, ...hostSearches.flatMap((q) => q.data?.matches ?? [])],
      searchedSessions:
        homeSearch.data.searchedSessions +
        hostSearches.reduce((n, q) => n + (q.data?.searchedSessions ?? 0), 0),
      elapsedMs: Math.max(
        homeSearch.data.elapsedMs,
        ...hostSearches.map((q) => q.data?.elapsedMs ?? 0),
      ),
    },
  };

  const items = useMemo(
    () => [
      ...quickItems(text, props.sessions, props.folders),
      ...(searching && search.data && debounced === text ? matchItems(search.data.matches) : []),
    ],
    [text, debounced, searching, search.data, props.sessions, props.folders],
  );
  useEffect(() => setActive(0), [text]);
  const current = Math.min(active, items.length - 1);

  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [current, items]);

  const open = (item: PaletteItem | undefined) => {
    if (!item) return;
    props.onClose();
    if (item.kind === 'session') props.onOpenSession(item.session);
    else if (item.kind === 'folder') props.onOpenFolder(item.folder);
    else props.onOpenMatch({ match: item.match, query: debounced, regex, caseSensitive });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const next = nextIndex(event.key, current, items.length);
    if (next !== null) {
      event.preventDefault();
      setActive(next);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      open(items[current]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      props.onClose();
    }
  };

  const optionId = (index: number) => `${listId}-${index}`;
  let status = '';
  let failed = false;
  if (search.error && searching) {
    status = searchErrorText(search.error);
    failed = true;
  } else if (searching && (search.isFetching || debounced !== text)) status = 'searching…';
  else if (searching && search.data) {
    const found = search.data.matches.length;
    status = `${found === 0 ? 'no' : found}${search.data.nextCursor ? '+' : ''} text matches in ${search.data.searchedSessions} sessions (${search.data.elapsedMs} ms)`;
  } else if (text.length > 0 && text.length < MIN_TEXT_QUERY)
    status = `type ${MIN_TEXT_QUERY} characters to search the text`;

  return (
    <div
      className={styles.backdrop}
      onMouseDown={(e) => e.target === e.currentTarget && props.onClose()}
    >
      <div
        className={styles.palette}
        role="dialog"
        aria-modal="true"
        aria-label="Search sessions"
        data-testid="search-palette"
      >
        <div className={styles.field}>
          <input
            ref={input}
            type="text"
            role="combobox"
            aria-label="Search sessions, folders and terminal text"
            aria-expanded={items.length > 0}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={current >= 0 ? optionId(current) : undefined}
            placeholder="Search sessions, folders and output…"
            value={text}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={onKeyDown}
            spellCheck={false}
            autoComplete="off"
          />
          <OptionToggle
            keepFocus
            label="Match case"
            text="Aa"
            on={caseSensitive}
            onToggle={() => setCaseSensitive(!caseSensitive)}
          />
          <OptionToggle
            keepFocus
            label="Regular expression"
            text=".*"
            on={regex}
            onToggle={() => setRegex(!regex)}
          />
        </div>
        <div className={styles.status} role="status" aria-live="polite" data-error={failed}>
          {status}
        </div>
        <ul ref={list} id={listId} role="listbox" aria-label="Results" className={styles.list}>
          {items.map((item, index) => (
            <Option
              key={item.key}
              id={optionId(index)}
              item={item}
              groupLabel={
                index === 0 || items[index - 1]?.kind !== item.kind ? GROUP_LABELS[item.kind] : null
              }
              selected={index === current}
              onHover={() => setActive(index)}
              onOpen={() => open(item)}
            />
          ))}
        </ul>
      </div>
    </div>
  );
}

function Option(props: {
  id: string;
  item: PaletteItem;
  groupLabel: string | null;
  selected: boolean;
  onHover: () => void;
  onOpen: () => void;
}) {
  const { item } = props;
  return (
    <>
      {props.groupLabel && (
        <li role="presentation" className={styles.group}>
          {props.groupLabel}
        </li>
      )}
      <li
        id={props.id}
        role="option"
        aria-selected={props.selected}
        className={styles.option}
        data-kind={item.kind}
        // The field keeps the focus (and the keyboard) while the pointer picks a row.
        onMouseDown={(event) => event.preventDefault()}
        onMouseMove={props.onHover}
        onClick={props.onOpen}
      >
        {item.kind === 'session' && (
          <>
            <span className={styles.label}>{item.session.name}</span>
            <span className={styles.where}>
              session · {item.session.status}
              {splitSessionKey(item.session.id).host
                ? ` · on ${splitSessionKey(item.session.id).host}`
                : ''}
            </span>
          </>
        )}
        {item.kind === 'folder' && (
          <>
            <span className={styles.label}>{item.folder.name}</span>
            <span className={styles.where}>folder · {item.path}</span>
          </>
        )}
        {item.kind === 'match' && (
          <>
            <span className={styles.where}>
              {item.match.sessionName} · {item.match.source === 'recording' ? 'recording, ' : ''}
              line {item.match.line}
            </span>
            <span className={`${styles.text} mono`}>
              {highlightPieces(item.match.text, item.match.ranges).map((piece, i) =>
                piece.hit ? (
                  <mark key={i} className={styles.hit}>
                    {piece.text}
                  </mark>
                ) : (
                  <span key={i}>{piece.text}</span>
                ),
              )}
            </span>
          </>
        )}
      </li>
    </>
  );
}
