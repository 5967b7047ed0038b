'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Terminal } from '@xterm/xterm';
import { useEffect, useRef, useState } from 'react';
import { fetchAllPages, parseAsciicast, type Asciicast } from '../../lib/asciicast';
import { errorMessage, relativeTime } from '../../lib/format';
import { useTRPC, useTRPCClient } from '../../lib/trpc';
import { terminalTheme } from '../terminal/themes';
import { Badge, PanelFrame } from './panel-frame';
import styles from './panels.module.css';

declare global {
  interface Window {
    /** The recording player's terminal, for the browser tests (it draws on a canvas). */
    __rdvPlayer?: Terminal;
  }
}

const SPEEDS = [1, 2, 8] as const;
/** Pauses longer than this (idle time in the recording) are shortened to it. */
const MAX_GAP_S = 2;

/** Session recordings: turn recording on for the open session, list and replay recordings. */
export function RecordingsPanel(props: {
  activeSessionId: string | null;
  activeSessionName: string | null;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.recordings.list.queryOptions(undefined, { refetchInterval: 5_000 }));
  const set = useMutation(
    trpc.recordings.set.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.recordings.pathKey() }),
    }),
  );
  const [playing, setPlaying] = useState<{ sessionId: string; run: number } | null>(null);
  const activeEnabled =
    list.data?.find((r) => r.sessionId === props.activeSessionId)?.enabled ?? false;

  return (
    <PanelFrame title="Recordings" onClose={props.onClose} testId="recordings-panel">
      {props.activeSessionId && (
        <label className={styles.row}>
          <input
            type="checkbox"
            checked={activeEnabled}
            disabled={set.isPending || !list.data}
            onChange={(e) =>
              set.mutate({ sessionId: props.activeSessionId!, enabled: e.target.checked })
            }
          />
          Record “{props.activeSessionName ?? 'this session'}”
        </label>
      )}
      {set.error && <p className="error-text">{errorMessage(set.error)}</p>}
      {list.error && <p className="error-text">{errorMessage(list.error)}</p>}
      {list.data?.length === 0 && <p className="muted">No recordings yet.</p>}
      {list.data?.map((r) => (
        <article key={r.sessionId} className={styles.card} data-recording={r.sessionId}>
          <div className={styles.cardHead}>
            <strong>{r.name}</strong>
            {r.active && <Badge tone="warn">recording</Badge>}
            {!r.enabled && <Badge>off</Badge>}
          </div>
          <span className="muted">
            {formatBytes(r.bytes)}
            {r.bytes > 0 && ` · ${relativeTime(r.modifiedAt)}`}
          </span>
          <div className={styles.row}>
            <button
              disabled={r.bytes === 0}
              onClick={() =>
                setPlaying((p) => ({ sessionId: r.sessionId, run: (p?.run ?? 0) + 1 }))
              }
            >
              Play
            </button>
          </div>
        </article>
      ))}
      {playing && (
        <RecordingPlayer
          key={`${playing.sessionId}-${playing.run}`}
          sessionId={playing.sessionId}
        />
      )}
    </PanelFrame>
  );
}

/** Replays one recording into a read-only xterm.js, with its original timing (or faster). */
function RecordingPlayer(props: { sessionId: string }) {
  const client = useTRPCClient();
  const host = useRef<HTMLDivElement>(null);
  const speed = useRef<number>(1);
  const skip = useRef<() => void>(() => undefined);
  const [shownSpeed, setShownSpeed] = useState<number>(1);
  const [state, setState] = useState<'loading' | 'playing' | 'done' | 'error'>('loading');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const term = new Terminal({
      disableStdin: true,
      cursorBlink: false,
      convertEol: false,
      scrollback: 5_000,
      fontSize: 12,
      theme: terminalTheme(undefined),
    });
    term.open(element);
    window.__rdvPlayer = term;

    const play = (cast: Asciicast) => {
      term.resize(cast.width, cast.height);
      let index = 0;
      const finish = () => {
        if (timer) clearTimeout(timer);
        if (index < cast.events.length)
          term.write(
            cast.events
              .slice(index)
              .map((e) => e.data)
              .join(''),
          );
        index = cast.events.length;
        setState('done');
      };
      skip.current = finish;
      const step = () => {
        if (cancelled) return;
        const event = cast.events[index];
        if (!event) return finish();
        term.write(event.data);
        index += 1;
        const next = cast.events[index];
        if (!next) return finish();
        const gap = Math.min(MAX_GAP_S, Math.max(0, next.time - event.time));
        timer = setTimeout(step, (gap * 1000) / speed.current);
      };
      setState('playing');
      const first = cast.events[0];
      timer = setTimeout(
        step,
        first ? (Math.min(MAX_GAP_S, first.time) * 1000) / speed.current : 0,
      );
    };

    fetchAllPages((offset) => client.recordings.get.query({ sessionId: props.sessionId, offset }))
      .then((text) => {
        if (!cancelled) play(parseAsciicast(text));
      })
      .catch((e: unknown) => {
        if (cancelled) return;
        setError(errorMessage(e));
        setState('error');
      });

    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
      if (window.__rdvPlayer === term) window.__rdvPlayer = undefined;
      term.dispose();
    };
  }, [client, props.sessionId]);

  return (
    <section aria-label="Recording player" data-testid="recording-player" data-state={state}>
      <div className={styles.row} role="group" aria-label="Playback speed">
        {SPEEDS.map((s) => (
          <button
            key={s}
            data-active={shownSpeed === s}
            aria-pressed={shownSpeed === s}
            onClick={() => {
              speed.current = s;
              setShownSpeed(s);
            }}
          >
            {s}×
          </button>
        ))}
        <button disabled={state !== 'playing'} onClick={() => skip.current()}>
          Skip to end
        </button>
        <span className="muted">{state}</span>
      </div>
      {error && <p className="error-text">{error}</p>}
      <div ref={host} style={{ overflow: 'auto', maxWidth: '100%' }} />
    </section>
  );
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
