'use client';

import { useEffect, useRef, useState } from 'react';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { WebglAddon } from '@xterm/addon-webgl';
import { useTRPCClient } from '../../lib/trpc';
import { isShortcut } from '../../lib/shortcuts';
import { KeyBar } from './key-bar';
import { KeyBarController } from './key-bar-controller';
import { TerminalConnection, type TerminalState } from './terminal-connection';
import { registerTerminal } from './terminal-registry';
import { terminalTheme } from './themes';
import styles from './terminal.module.css';

export interface TerminalViewProps {
  sessionId: string;
  clientId: string;
  active: boolean;
  fontSize: number;
  scrollback: number;
  theme: string;
  onResume?: () => void;
  onExit?: () => void;
}

/** One session's terminal: xterm.js (WebGL when it works, DOM otherwise), fitted to its box. */
export function TerminalView(props: TerminalViewProps) {
  const { sessionId, clientId, active } = props;
  const box = useRef<HTMLDivElement>(null);
  const termRef = useRef<{ term: Terminal; fit: () => void } | null>(null);
  const client = useTRPCClient();
  const [state, setState] = useState<TerminalState>({ kind: 'connecting' });
  const [renderer, setRenderer] = useState<'webgl' | 'dom'>('dom');
  const [keyBar, setKeyBar] = useState<KeyBarController | null>(null);
  const onExit = useRef(props.onExit);
  onExit.current = props.onExit;
  // Read at mount only: a preference change applies to terminals opened after it.
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
      allowProposedApi: false,
      macOptionIsMeta: true,
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
    setRenderer(wantsWebgl() && loadWebgl(term) ? 'webgl' : 'dom');
    term.attachCustomKeyEventHandler((event) => !isShortcut(event));

    const fit = () => {
      // A hidden tab has no size; fitting it would shrink the session to nothing.
      if (element.clientWidth === 0 || element.clientHeight === 0) return;
      const dims = fitAddon.proposeDimensions();
      if (dims && (dims.cols !== term.cols || dims.rows !== term.rows)) fitAddon.fit();
    };
    fit();
    termRef.current = { term, fit };

    let current: TerminalState['kind'] = 'connecting';
    const connection = new TerminalConnection({
      client,
      sessionId,
      clientId,
      term,
      historyLines: initial.current.scrollback,
      onState: (next) => {
        current = next.kind;
        setState(next);
        if (next.kind === 'exited') onExit.current?.();
      },
    });
    const unregister = registerTerminal(sessionId, {
      term,
      stats: connection.stats,
      state: () => current,
    });
    connection.start();
    const keys = new KeyBarController({
      term,
      element,
      client,
      sessionId,
      clientId,
      fit,
      send: (data) => connection.input(data),
      isLive: () => current === 'live',
    });
    setKeyBar(keys);

    const disposables = [
      term.onData((data) => connection.input(keys.typed(data))),
      term.onBinary((data) => connection.input(data)),
      term.onResize(({ cols, rows }) => connection.resize(cols, rows)),
    ];
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(fit);
    });
    observer.observe(element);

    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      for (const d of disposables) d.dispose();
      keys.dispose();
      unregister();
      connection.dispose();
      termRef.current = null;
      term.dispose();
    };
  }, [client, sessionId, clientId]);

  useEffect(() => {
    if (!active || !termRef.current) return;
    termRef.current.fit();
    termRef.current.term.focus();
  }, [active]);

  return (
    <div
      className={styles.wrap}
      data-session={sessionId}
      data-state={state.kind}
      data-renderer={renderer}
      hidden={!active}
    >
      <div ref={box} className={styles.term} />
      {keyBar && <KeyBar controller={keyBar} />}
      <Overlay state={state} onResume={props.onResume} />
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
          <span className={styles.spinner} /> reconnecting…
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

/** WebGL draws fastest; when it cannot start or its context is lost, xterm's DOM renderer takes over. */
function loadWebgl(term: Terminal): boolean {
  try {
    const webgl = new WebglAddon();
    webgl.onContextLoss(() => webgl.dispose());
    term.loadAddon(webgl);
    return true;
  } catch {
    return false;
  }
}
