'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Terminal } from '@xterm/xterm';
import { useEffect, useRef, useState } from 'react';
import {
  ASCIICAST_MEDIA_TYPE,
  castFileName,
  fetchAllPages,
  formatPlaybackTime,
  parseAsciicast,
} from '../../lib/asciicast';
import { CastPlayback, type PlaybackState } from '../../lib/cast-playback';
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
/** How often the position slider follows a playing recording. */
const POSITION_REFRESH_MS = 250;

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
  const [playing, setPlaying] = useState<{ sessionId: string; name: string; run: number } | null>(
    null,
  );
  const activeEnabled =
    list.data?.find((r) => r.sessionId === props.activeSessionId)?.enabled ?? false;

  return (
    <PanelFrame title="Recordings" onClose={props.onClose} testId="recordings-panel">
      {props.activeSessionId && (
        <label className="inline">
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
                setPlaying((p) => ({
                  sessionId: r.sessionId,
                  name: r.name,
                  run: (p?.run ?? 0) + 1,
                }))
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
          name={playing.name}
        />
      )}
    </PanelFrame>
  );
}

/** Replays one recording into a read-only xterm.js: pause, seek, speed, download. */
function RecordingPlayer(props: { sessionId: string; name: string }) {
  const client = useTRPCClient();
  const host = useRef<HTMLDivElement>(null);
  const playback = useRef<CastPlayback | null>(null);
  const [speed, setSpeed] = useState<number>(1);
  const [state, setState] = useState<'loading' | PlaybackState | 'error'>('loading');
  const [error, setError] = useState<string | null>(null);
  const [duration, setDuration] = useState(0);
  const [position, setPosition] = useState(0);
  const [download, setDownload] = useState<string | null>(null);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    let cancelled = false;
    let objectUrl: string | null = null;
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

    fetchAllPages((offset) => client.recordings.get.query({ sessionId: props.sessionId, offset }))
      .then((text) => {
        if (cancelled) return;
        const cast = parseAsciicast(text);
        // The file as the API returned it: what asciinema and other players read.
        objectUrl = URL.createObjectURL(new Blob([text], { type: ASCIICAST_MEDIA_TYPE }));
        setDownload(objectUrl);
        term.resize(cast.width, cast.height);
        const player = new CastPlayback(cast, term, {
          maxGap: MAX_GAP_S,
          // The slider's position changes with the state, in the same render: a paused player
          // never shows the position of the last refresh before the pause.
          onState: (next) => {
            setState(next);
            setPosition(playback.current?.position() ?? 0);
          },
        });
        playback.current = player;
        setDuration(player.duration);
        player.play();
      })
      .catch((e: unknown) => {
        if (cancelled) return;
        setError(errorMessage(e));
        setState('error');
      });

    return () => {
      cancelled = true;
      playback.current?.dispose();
      playback.current = null;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
      if (window.__rdvPlayer === term) window.__rdvPlayer = undefined;
      term.dispose();
    };
  }, [client, props.sessionId]);

  // The slider follows the playback while it plays.
  useEffect(() => {
    const sync = () => setPosition(playback.current?.position() ?? 0);
    sync();
    if (state !== 'playing') return;
    const timer = setInterval(sync, POSITION_REFRESH_MS);
    return () => clearInterval(timer);
  }, [state]);

  const ready = state === 'playing' || state === 'paused' || state === 'done';
  const timeText = `${formatPlaybackTime(position)} of ${formatPlaybackTime(duration)}`;
  return (
    <section
      className={styles.player}
      aria-label="Recording player"
      data-testid="recording-player"
      data-state={state}
    >
      <div className={styles.row}>
        <button
          disabled={!ready}
          onClick={() => {
            const player = playback.current;
            if (player?.state === 'playing') player.pause();
            else player?.play();
          }}
        >
          {state === 'playing' ? 'Pause' : state === 'done' ? 'Play again' : 'Play'}
        </button>
        <div className={styles.row} role="group" aria-label="Playback speed">
          {SPEEDS.map((s) => (
            <button
              key={s}
              data-active={speed === s}
              aria-pressed={speed === s}
              onClick={() => {
                playback.current?.setSpeed(s);
                setSpeed(s);
              }}
            >
              {s}×
            </button>
          ))}
        </div>
        <button
          disabled={state !== 'playing' && state !== 'paused'}
          onClick={() => playback.current?.skipToEnd()}
        >
          Skip to end
        </button>
        {download && (
          <a className={styles.linkButton} href={download} download={castFileName(props.name)}>
            Download .cast
          </a>
        )}
        <span className="muted">{state}</span>
      </div>
      <label className={styles.seek}>
        <span className="mono">{timeText}</span>
        <input
          type="range"
          aria-label="Position"
          aria-valuetext={timeText}
          min={0}
          max={duration}
          // "any": End reaches the very end, not the last multiple of a step before it.
          step="any"
          value={Math.min(position, duration)}
          disabled={!ready || duration === 0}
          onChange={(e) => {
            playback.current?.seek(Number(e.target.value));
            setPosition(playback.current?.position() ?? 0);
          }}
        />
      </label>
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
