'use client';

import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ISearchOptions, SearchAddon } from '@xterm/addon-search';
import styles from './terminal-overlays.module.css';
import { OptionToggle } from '../ui/option-toggle';

/** Match colours (the addon wants #RRGGBB); readable on the dark and the light theme. */
const DECORATIONS: NonNullable<ISearchOptions['decorations']> = {
  matchBackground: '#6b5a1e',
  matchBorder: '#ebcb8b',
  matchOverviewRuler: '#ebcb8b',
  activeMatchBackground: '#a3701a',
  activeMatchBorder: '#ffd479',
  activeMatchColorOverviewRuler: '#ffd479',
};

type Result = { index: number; count: number } | null;

/** What the bar opens with (a match chosen in the search palette); else empty, literal, any case. */
export interface FindInitial {
  query: string;
  regex: boolean;
  caseSensitive: boolean;
}

/**
 * Find in the terminal's buffer (scrollback included) with xterm's search addon: Enter is next,
 * Shift+Enter previous, Esc closes and gives the keyboard back to the terminal.
 */
export function FindBar(props: {
  search: SearchAddon;
  /** Bumped when Ctrl+Shift+F is pressed again while the bar is open: refocus the field. */
  focusRequest: number;
  onClose: () => void;
  /** Searched at once, from the terminal's selection on (see TerminalView's reveal). */
  initial?: FindInitial | null;
}) {
  const { search, focusRequest, onClose } = props;
  const input = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState(props.initial?.query ?? '');
  const [caseSensitive, setCaseSensitive] = useState(props.initial?.caseSensitive ?? false);
  const [regex, setRegex] = useState(props.initial?.regex ?? false);
  const [result, setResult] = useState<Result>(null);
  const [invalid, setInvalid] = useState(false);

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [focusRequest]);

  useEffect(() => {
    const subscription = search.onDidChangeResults(({ resultIndex, resultCount }) =>
      setResult({ index: resultIndex, count: resultCount }),
    );
    return () => {
      subscription.dispose();
      search.clearDecorations();
    };
  }, [search]);

  const find = (direction: 'next' | 'previous', incremental = false) => {
    if (!query) {
      search.clearDecorations();
      setResult(null);
      return;
    }
    const options: ISearchOptions = { caseSensitive, regex, incremental, decorations: DECORATIONS };
    try {
      if (direction === 'next') search.findNext(query, options);
      else search.findPrevious(query, options);
      setInvalid(false);
    } catch {
      // An unfinished regular expression while it is being typed.
      setInvalid(true);
      setResult(null);
    }
  };

  // Search as the user types, and again when a toggle changes what matches.
  useEffect(() => {
    find('next', true);
    // `find` reads exactly these values; it is not a dependency of its own.
  }, [query, caseSensitive, regex]);

  // addon-search 0.16 records the new options before comparing them with the last ones, so a
  // toggle alone would not recount: forget the last search, and the effect above searches anew.
  const rehighlight = () => search.clearDecorations();

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      find(event.shiftKey ? 'previous' : 'next');
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    }
  };

  return (
    <div
      className={styles.findBar}
      role="search"
      aria-label="Find in terminal"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onClose();
        }
      }}
    >
      <input
        ref={input}
        className="mono"
        type="text"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={onKeyDown}
        aria-label="Find"
        aria-invalid={invalid}
        placeholder="Find"
        spellCheck={false}
        autoComplete="off"
      />
      <span className={styles.findCount} role="status" aria-live="polite">
        {describe(query, result, invalid)}
      </span>
      <OptionToggle
        label="Match case"
        text="Aa"
        on={caseSensitive}
        onToggle={() => {
          rehighlight();
          setCaseSensitive(!caseSensitive);
        }}
      />
      <OptionToggle
        label="Regular expression"
        text=".*"
        on={regex}
        onToggle={() => {
          rehighlight();
          setRegex(!regex);
        }}
      />
      <button
        type="button"
        aria-label="Previous match (Shift+Enter)"
        title="Previous match (Shift+Enter)"
        onClick={() => find('previous')}
      >
        ↑
      </button>
      <button
        type="button"
        aria-label="Next match (Enter)"
        title="Next match (Enter)"
        onClick={() => find('next')}
      >
        ↓
      </button>
      <button type="button" aria-label="Close find (Esc)" title="Close (Esc)" onClick={onClose}>
        ×
      </button>
    </div>
  );
}

function describe(query: string, result: Result, invalid: boolean): string {
  if (invalid) return 'invalid pattern';
  if (!query || !result) return '';
  if (result.count === 0) return 'no results';
  // The addon reports index -1 when there are more matches than it highlights.
  if (result.index < 0) return `${result.count}+ matches`;
  return `${result.index + 1} of ${result.count}`;
}
