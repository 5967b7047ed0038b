'use client';

import { useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { WebglAddon } from '@xterm/addon-webgl';
import { uploadToSession } from '../../lib/file-transfer';
import { qualifiedSessionId } from '@rdv/contract';
import { useHost } from '../../lib/host-scope';
import { openTerminalChannel } from '../../lib/terminal-channel';
import { useTRPC } from '../../lib/trpc';
import { installFileDrop } from './file-drop';
import { FileUploads, NO_UPLOAD, type UploadState } from './file-uploads';
import { KeyBar } from './key-bar';
import { KeyBarController } from './key-bar-controller';
import { installTerminalActions, type TerminalActions } from './terminal-actions';
import { installTouchScroll } from './touch-scroll';
import { TerminalConnection, type TerminalState } from './terminal-connection';
import { NO_OVERLAY, TerminalOverlays, type OverlayRequest } from './terminal-overlays';
import { registerTerminal } from './terminal-registry';
import { terminalTheme } from './themes';
import { DropZone, UploadStatus } from './upload-status';
import styles from './terminal.module.css';

/** How long a notice (keys that were not sent) stays on screen. */
const NOTICE_MS = 8_000;
/** After a search match is shown, a resize this soon shows it again (see the reveal effect). */
const REVEAL_HOLD_MS = 3_000;
/** ...once the size has held still this long. */
const REVEAL_SETTLE_MS = 300;

/**
 * A line to show: the terminal scrolls to it and the find bar opens searching for the query
 * from there (its match selected and all matches highlighted). `fromEnd` counts rows up from
 * the bottom, as the daemon's search reports them; without it the search starts at the top.
 */
export interface RevealRequest {
  seq: number;
  query: string;
  regex: boolean;
  caseSensitive: boolean;
  fromEnd?: number;
}

export interface TerminalViewProps {
  sessionId: string;
  clientId: string;
  active: boolean;
  fontSize: number;
  scrollback: number;
  theme: string;
  onResume?: () => void;
  onExit?: () => void;
  reveal?: RevealRequest | null;
}

/** One session's terminal: xterm.js (WebGL when it works, DOM otherwise), fitted to its box. */
export function TerminalView(props: TerminalViewProps) {
  const { sessionId, clientId, active } = props;
  // A host's session is known to the page (the registry, the DOM) by its qualified id.
  const host = useHost();
  const sessionKey = qualifiedSessionId(host, sessionId);
  const box = useRef<HTMLDivElement>(null);
  const termRef = useRef<{ term: Terminal; fit: () => void } | null>(null);
  const [state, setState] = useState<TerminalState>({ kind: 'connecting' });
  const [renderer, setRenderer] = useState<'webgl' | 'dom'>('dom');
  const [notice, setNotice] = useState<string | null>(null);
  const [actions, setActions] = useState<{ term: Terminal; actions: TerminalActions } | null>(null);
  const [overlay, setOverlay] = useState<OverlayRequest>(NO_OVERLAY);
  const [keyBar, setKeyBar] = useState<KeyBarController | null>(null);
  const [uploads, setUploads] = useState<FileUploads | null>(null);
  const [uploadState, setUploadState] = useState<UploadState>(NO_UPLOAD);
  const [dragging, setDragging] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const trpc = useTRPC();
  const limits = useQuery({ ...trpc.files.limits.queryOptions(), staleTime: Infinity });
  const maxUploadBytes = useRef<number | undefined>(undefined);
  maxUploadBytes.current = limits.data?.uploadMaxBytes;
  const onExit = useRef(props.onExit);
  onExit.current = props.onExit;
  // What the terminal is created with; later changes are applied by the effect below.
  const initial = useRef({
    fontSize: props.fontSize,
    scrollback: props.scrollback,
    theme: props.theme,
  });

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const term = new Terminal({
      fontSize: initial.current.fontSize,
      fontFamily: 'ui-monospace, "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace',
      scrollback: initial.current.scrollback,
      theme: terminalTheme(initial.current.theme),
      cursorBlink: true,
      // The Unicode 11 width table (`term.unicode`) is a proposed API.
      allowProposedApi: true,
      macOptionIsMeta: true,
      // Option+drag selects on a Mac even when the program asked for the mouse (Shift elsewhere).
      macOptionClickForcesSelection: true,
    });
    const fitAddon = new FitAddon();
    term.loadAddon(fitAddon);
    term.loadAddon(
      new WebLinksAddon((event, uri) => {
        event.preventDefault();
        window.open(uri, '_blank', 'noopener,noreferrer');
      }),
    );
    term.open(element);
    // xterm's DOM renderer blinks the cursor with a CSS animation that every keystroke restarts,
    // and that costs each echo a whole frame: keystroke → glyph measured 31.1 ms p50 with the
    // blink and 13.8 ms without (bench/web.ts; WebGL 14.6 ms with it). So the cursor blinks with
    // WebGL only; VS Code's terminal does not blink by default at all.
    const useDomRenderer = () => {
      term.options.cursorBlink = false;
      setRenderer('dom');
    };
    if (wantsWebgl() && loadWebgl(term, useDomRenderer)) setRenderer('webgl');
    else useDomRenderer();
    const termActions = installTerminalActions(term, element, {
      onFind: () => setOverlay((o) => ({ ...o, menu: null, find: o.find + 1 })),
      onContextMenu: (x, y) => setOverlay((o) => ({ ...o, menu: { x, y } })),
    });
    setActions({ term, actions: termActions });
    const removeTouchScroll = installTouchScroll(term, element);

    // The terminal shows the pane's own bytes, so it takes the pane's size (from the stream);
    // the box's size is what this tab asks for. Before the first snapshot, start at the box's.
    let connection: TerminalConnection | null = null;
    let noticeTimer: ReturnType<typeof setTimeout> | undefined;
    const fit = () => {
      // A hidden tab has no size; fitting it would shrink the session to nothing.
      if (element.clientWidth === 0 || element.clientHeight === 0) return;
      const dims = fitAddon.proposeDimensions();
      if (!dims || !Number.isFinite(dims.cols) || !Number.isFinite(dims.rows)) return;
      if (connection) connection.resize(dims.cols, dims.rows);
      else if (dims.cols !== term.cols || dims.rows !== term.rows) fitAddon.fit();
    };
    fit();
    termRef.current = { term, fit };

    let current: TerminalState['kind'] = 'connecting';
    const channel = openTerminalChannel(host);
    connection = new TerminalConnection({
      channel,
      sessionId,
      clientId,
      term,
      historyLines: initial.current.scrollback,
      onNotice: (message) => {
        setNotice(message);
        clearTimeout(noticeTimer);
        noticeTimer = setTimeout(() => setNotice(null), NOTICE_MS);
      },
      onState: (next) => {
        current = next.kind;
        setState(next);
        if (next.kind === 'exited') onExit.current?.();
      },
    });
    const live = connection;
    const unregister = registerTerminal(sessionKey, {
      term,
      stats: live.stats,
      state: () => current,
      desired: () => live.desiredSize,
    });
    live.start();
    fit();
    // The device in use decides the size as soon as it is touched or focused (and "Fit").
    const keys = new KeyBarController({
      term,
      element,
      fit,
      claimSize: () => live.claimSize(),
      isLive: () => current === 'live',
    });
    setKeyBar(keys);

    // Files dropped, pasted or picked: uploaded to the session, their paths typed at the prompt.
    const fileUploads = new FileUploads({
      maxBytes: () => maxUploadBytes.current,
      upload: (file, onProgress, signal) =>
        uploadToSession(sessionId, file, onProgress, signal, host),
      paste: (text) => {
        keys.paste(text);
        term.focus();
      },
      type: (text) => keys.type(text),
      onState: setUploadState,
    });
    setUploads(fileUploads);
    const removeFileDrop = installFileDrop(element, {
      onFiles: (files) => fileUploads.add(files),
      onDragging: setDragging,
    });

    const disposables = [
      term.onData((data) => live.input(keys.typed(data))),
      term.onBinary((data) => live.input(data)),
    ];
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(fit);
    });
    observer.observe(element);

    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(noticeTimer);
      observer.disconnect();
      for (const d of disposables) d.dispose();
      termActions.dispose();
      removeTouchScroll();
      setActions(null);
      setOverlay(NO_OVERLAY);
      keys.dispose();
      setKeyBar(null);
      removeFileDrop();
      fileUploads.dispose();
      setUploads(null);
      setUploadState(NO_UPLOAD);
      setDragging(false);
      unregister();
      live.dispose();
      channel.close();
      termRef.current = null;
      term.dispose();
    };
  }, [sessionId, clientId, sessionKey, host]);

  // A preference saved in Settings reaches the open terminal at once, not only new ones.
  const { fontSize, scrollback, theme } = props;
  useEffect(() => {
    const handle = termRef.current;
    if (!handle) return;
    const { options } = handle.term;
    if (options.fontSize !== fontSize) options.fontSize = fontSize;
    if (options.scrollback !== scrollback) options.scrollback = scrollback;
    options.theme = terminalTheme(theme);
    handle.fit();
  }, [fontSize, scrollback, theme]);

  useEffect(() => {
    if (!active || !termRef.current) return;
    termRef.current.fit();
    termRef.current.term.focus();
  }, [active]);

  // A match chosen in the search palette: once the terminal shows the pane (its history
  // replayed), select the start of the match's row and let the find bar search from there.
  const revealed = useRef(0);
  const findKey = useRef(0);
  const { reveal } = props;
  useEffect(() => {
    if (!reveal || reveal.seq === revealed.current || state.kind !== 'live' || !actions) return;
    revealed.current = reveal.seq;
    const { term } = actions;
    const show = () =>
      // An empty write runs its callback once everything written before it has been parsed.
      term.write('', () => {
        const buffer = term.buffer.active;
        const row =
          reveal.fromEnd === undefined ? 0 : Math.max(0, buffer.length - 1 - reveal.fromEnd);
        term.select(0, row, 1);
        term.scrollToLine(Math.max(0, row - Math.floor(term.rows / 2)));
        findKey.current += 1;
        const { query, regex, caseSensitive } = reveal;
        setOverlay((o) => ({
          menu: null,
          find: o.find + 1,
          findWith: { seq: findKey.current, query, regex, caseSensitive },
        }));
      });
    show();
    // A resize right after (a phone claims the pane's size when its terminal gets the focus)
    // clears the selection, and the find bar would then search from the bottom: show it again
    // once the size holds still.
    const until = Date.now() + REVEAL_HOLD_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const resized = term.onResize(() => {
      if (Date.now() > until) return;
      clearTimeout(timer);
      timer = setTimeout(show, REVEAL_SETTLE_MS);
    });
    return () => {
      resized.dispose();
      clearTimeout(timer);
    };
  }, [reveal, state.kind, actions]);

  return (
    <div
      className={styles.wrap}
      data-session={sessionKey}
      data-state={state.kind}
      data-renderer={renderer}
      hidden={!active}
    >
      <div className={styles.termArea}>
        <div ref={box} className={styles.term} />
        {dragging && <DropZone />}
        {uploads && <UploadStatus state={uploadState} onDismiss={() => uploads.dismiss()} />}
      </div>
      <input
        ref={picker}
        type="file"
        multiple
        hidden
        aria-label="Files to upload to this session"
        data-testid="attach-file-input"
        onChange={(event) => {
          const files = Array.from(event.currentTarget.files ?? []);
          event.currentTarget.value = '';
          uploads?.add(files);
        }}
      />
      {keyBar && <KeyBar controller={keyBar} onAttach={() => picker.current?.click()} />}
      <Overlay state={state} onResume={props.onResume} />
      {notice && (
        <div className={`${styles.banner} ${styles.error}`} role="alert">
          {notice}
        </div>
      )}
      {actions && (
        <TerminalOverlays
          term={actions.term}
          actions={actions.actions}
          request={overlay}
          onChange={setOverlay}
          onAttach={() => picker.current?.click()}
        />
      )}
    </div>
  );
}

function Overlay({ state, onResume }: { state: TerminalState; onResume?: () => void }) {
  switch (state.kind) {
    case 'live':
      return null;
    case 'connecting':
      return <div className={styles.banner}>connecting…</div>;
    case 'reconnecting':
      return (
        <div className={styles.banner} role="status">
          <span className={styles.spinner} /> reconnecting… keys you type are sent once it is back
        </div>
      );
    case 'exited':
      return (
        <div className={styles.banner}>
          exited{state.code === null ? '' : ` (code ${state.code})`}
        </div>
      );
    case 'suspended':
      return (
        <div className={styles.banner}>
          suspended {onResume && <button onClick={onResume}>resume</button>}
        </div>
      );
    case 'error':
      return <div className={`${styles.banner} ${styles.error}`}>{state.message}</div>;
  }
}

/** `?renderer=dom` in the page's URL skips WebGL (a driver that draws garbage, a slow software GL). */
function wantsWebgl(): boolean {
  return new URLSearchParams(location.search).get('renderer') !== 'dom';
}

/**
 * WebGL draws fastest; when it cannot start or its context is lost, xterm's DOM renderer takes
 * over (`onFallback` then, as on a false return).
 */
function loadWebgl(term: Terminal, onFallback: () => void): boolean {
  try {
    const webgl = new WebglAddon();
    webgl.onContextLoss(() => {
      webgl.dispose();
      onFallback();
    });
    term.loadAddon(webgl);
    return true;
  } catch {
    return false;
  }
}
