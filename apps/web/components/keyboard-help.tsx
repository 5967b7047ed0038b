'use client';

import { useEffect, useRef, useState } from 'react';
import { SHORTCUT_HELP } from '../lib/shortcuts';
import { isMacPlatform, terminalKeyHelp } from './terminal/terminal-keys';
import styles from './keyboard-help.module.css';
import ui from './ui/ui.module.css';

const OPEN_EVENT = 'rdv:keyboard-help';

/** Opens the keyboard help dialog from anywhere (the terminal's right-click menu). */
export function openKeyboardHelp(): void {
  window.dispatchEvent(new Event(OPEN_EVENT));
}

/** Typing `?` in a field, or in the terminal (where it goes to the program), is not a request. */
function typingSomewhere(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  );
}

/** The terminal's keys and the dashboard's shortcuts, as two tables. */
export function KeyTables() {
  const mac = isMacPlatform(navigator.userAgent);
  return (
    <>
      <h3 className={styles.heading}>In the terminal</h3>
      <KeyTable rows={terminalKeyHelp(mac)} />
      <h3 className={styles.heading}>Dashboard</h3>
      <KeyTable
        rows={[...SHORTCUT_HELP, { keys: '?', what: 'this help (outside the terminal)' }]}
      />
    </>
  );
}

function KeyTable({ rows }: { rows: ReadonlyArray<{ keys: string; what: string }> }) {
  return (
    <table className={styles.keys}>
      <tbody>
        {rows.map((row) => (
          <tr key={row.keys}>
            <th scope="row">
              <kbd>{row.keys}</kbd>
            </th>
            <td>{row.what}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The keyboard help dialog: `?` (outside a field or the terminal) opens it, Escape closes it. */
export function KeyboardHelp() {
  const [open, setOpen] = useState(false);
  const closeButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '?' || event.ctrlKey || event.altKey || event.metaKey) return;
      if (typingSomewhere(event.target)) return;
      event.preventDefault();
      setOpen(true);
    };
    const onOpen = () => setOpen(true);
    window.addEventListener('keydown', onKey);
    window.addEventListener(OPEN_EVENT, onOpen);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener(OPEN_EVENT, onOpen);
    };
  }, []);

  useEffect(() => {
    if (!open) return;
    const before = document.activeElement;
    closeButton.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      if (before instanceof HTMLElement) before.focus();
    };
  }, [open]);

  if (!open) return null;
  return (
    <div
      className={ui.backdrop}
      onMouseDown={(event) => event.target === event.currentTarget && setOpen(false)}
    >
      <div
        className={`${ui.modal} ${styles.wide}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby="keyboard-help-title"
        data-testid="keyboard-help"
      >
        <h2 id="keyboard-help-title">Keyboard shortcuts</h2>
        <div className={ui.body}>
          <KeyTables />
        </div>
        <div className={ui.actions}>
          <button ref={closeButton} type="button" onClick={() => setOpen(false)}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
