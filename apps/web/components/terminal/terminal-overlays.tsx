'use client';

import { useEffect, useState } from 'react';
import type { Terminal } from '@xterm/xterm';
import { openKeyboardHelp } from '../keyboard-help';
import { FindBar, type FindInitial } from './find-bar';
import { TerminalContextMenu, type ContextMenuItem } from './terminal-context-menu';
import type { TerminalActions } from './terminal-actions';
import { isMacPlatform } from './terminal-keys';
import styles from './terminal-overlays.module.css';

/**
 * What the terminal asked to show: `find` counts Ctrl+Shift+F presses (0 = closed); `findWith`
 * opens the bar already searching (a text match chosen in the search palette), `seq` apart.
 */
export interface OverlayRequest {
  find: number;
  menu: { x: number; y: number } | null;
  findWith?: (FindInitial & { seq: number }) | null;
}

export const NO_OVERLAY: OverlayRequest = { find: 0, menu: null };

/** How long a notice (a paste the browser refused) stays. */
const NOTICE_MS = 5_000;

/** The find bar and the right-click menu of one terminal. */
export function TerminalOverlays(props: {
  term: Terminal;
  actions: TerminalActions;
  request: OverlayRequest;
  onChange: (request: OverlayRequest) => void;
  /** Opens the file picker (upload files, their paths typed at the prompt). */
  onAttach: () => void;
}) {
  const { term, actions, request, onChange } = props;
  const [notice, setNotice] = useState<string | null>(null);
  const mac = isMacPlatform(navigator.userAgent);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  const closeFind = () => {
    actions.search.clearDecorations();
    onChange({ ...request, find: 0, findWith: null });
    term.focus();
  };
  const closeMenu = (refocus = true) => {
    onChange({ ...request, menu: null });
    if (refocus) term.focus();
  };

  const items: ContextMenuItem[] = [
    {
      label: 'Copy',
      keys: mac ? 'Cmd+C' : 'Ctrl+Shift+C',
      disabled: !term.hasSelection(),
      onSelect: () => {
        closeMenu();
        void actions.copy();
      },
    },
    {
      label: 'Paste',
      keys: mac ? 'Cmd+V' : 'Ctrl+V',
      onSelect: () => {
        closeMenu();
        void actions.paste().then((pasted) => {
          if (!pasted)
            setNotice(
              `The browser did not let rdv read the clipboard: press ${mac ? 'Cmd+V' : 'Ctrl+V'} to paste.`,
            );
        });
      },
    },
    {
      label: 'Attach file…',
      onSelect: () => {
        closeMenu(false);
        props.onAttach();
      },
    },
    {
      label: 'Select all',
      keys: mac ? 'Cmd+A' : 'Ctrl+Shift+A',
      onSelect: () => {
        closeMenu();
        actions.selectAll();
      },
    },
    {
      label: 'Find…',
      keys: mac ? 'Cmd+F' : 'Ctrl+Shift+F',
      onSelect: () => onChange({ ...request, menu: null, find: request.find + 1 }),
    },
    {
      label: 'Keyboard shortcuts',
      keys: '?',
      onSelect: () => {
        closeMenu(false);
        openKeyboardHelp();
      },
    },
  ];

  return (
    <>
      {request.find > 0 && (
        <FindBar
          key={request.findWith?.seq ?? 0}
          search={actions.search}
          focusRequest={request.find}
          onClose={closeFind}
          initial={request.findWith}
        />
      )}
      {request.menu && (
        <TerminalContextMenu
          x={request.menu.x}
          y={request.menu.y}
          items={items}
          onClose={closeMenu}
        />
      )}
      {notice && (
        <div className={styles.notice} role="status">
          {notice}
        </div>
      )}
    </>
  );
}
