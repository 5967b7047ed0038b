'use client';

import { useEffect, useRef, useState, type PointerEvent, type SyntheticEvent } from 'react';
import type { KeyBarController } from './key-bar-controller';
import type { BarKey } from './key-bar-keys';
import type { ModifierLevel, ModifierLevels, ModifierName } from './one-shot-modifiers';
import { followVisualViewport } from './visual-viewport';
import styles from './key-bar.module.css';

/** A held arrow repeats after this long, this often (like a hardware key). */
const REPEAT_DELAY_MS = 400;
const REPEAT_INTERVAL_MS = 80;
/** How long a note ("paste blocked…") stays. */
const NOTE_MS = 4_000;

type Slot =
  | { kind: 'key'; key: BarKey; label: string; name: string; repeat?: boolean }
  | { kind: 'modifier'; modifier: ModifierName; label: string; name: string }
  | { kind: 'paste' | 'fit'; label: string; name: string }
  | { kind: 'attach'; label: string; name: string };

/**
 * Two rows of eight, the arrows as an inverted T (row 1 above row 2) and Enter two keys wide.
 * Attach opens the file picker: a phone cannot drop a file onto the terminal.
 */
const SLOTS: readonly Slot[] = [
  { kind: 'key', key: 'escape', label: 'Esc', name: 'Escape' },
  { kind: 'key', key: 'ctrl-c', label: '^C', name: 'Ctrl+C' },
  { kind: 'key', key: 'ctrl-d', label: '^D', name: 'Ctrl+D' },
  { kind: 'key', key: 'backtab', label: '⇧Tab', name: 'Shift+Tab' },
  { kind: 'key', key: 'up', label: '↑', name: 'Up', repeat: true },
  { kind: 'paste', label: 'Paste', name: 'Paste' },
  { kind: 'attach', label: 'File', name: 'Attach file' },
  { kind: 'fit', label: 'Fit', name: 'Fit to this device' },
  { kind: 'modifier', modifier: 'ctrl', label: 'Ctrl', name: 'Ctrl' },
  { kind: 'modifier', modifier: 'alt', label: 'Alt', name: 'Alt' },
  { kind: 'key', key: 'tab', label: 'Tab', name: 'Tab' },
  { kind: 'key', key: 'left', label: '←', name: 'Left', repeat: true },
  { kind: 'key', key: 'down', label: '↓', name: 'Down', repeat: true },
  { kind: 'key', key: 'right', label: '→', name: 'Right', repeat: true },
  { kind: 'key', key: 'enter', label: '⏎', name: 'Enter' },
];

const LEVEL_HINT: Record<ModifierLevel, string> = {
  off: 'tap: next key, tap twice: lock',
  once: 'on for the next key; tap again to lock',
  locked: 'locked; tap to release',
};

/**
 * The keys a phone keyboard lacks, in a bar under the terminal (which the visual viewport keeps
 * above the on-screen keyboard). Its buttons never take focus from the terminal, so the
 * keyboard stays up: pointerdown/mousedown are cancelled and the action runs on click.
 * Shown on touch devices and narrow windows (see key-bar.module.css).
 */
export function KeyBar({
  controller,
  onAttach,
}: {
  controller: KeyBarController;
  /** Opens the file picker; the chosen files are uploaded and their paths typed. */
  onAttach: () => void;
}) {
  const [levels, setLevels] = useState<ModifierLevels>(() => controller.modifiers.current);
  const [note, setNote] = useState<string | null>(null);
  const repeat = useRef<{ timer: ReturnType<typeof setTimeout>; fired: boolean } | null>(null);

  useEffect(() => {
    setLevels(controller.modifiers.current);
    const listener = controller.modifiers.onChange(setLevels);
    return () => listener.dispose();
  }, [controller]);
  useEffect(followVisualViewport, []);
  useEffect(() => {
    if (!note) return;
    const timer = setTimeout(() => setNote(null), NOTE_MS);
    return () => clearTimeout(timer);
  }, [note]);
  useEffect(() => () => stopRepeat(), []);

  function stopRepeat(): void {
    if (repeat.current) clearTimeout(repeat.current.timer);
  }

  /** A held arrow key repeats; the click that ends the hold then sends nothing more. */
  function startRepeat(key: BarKey): void {
    stopRepeat();
    const state = { timer: setTimeout(tick, REPEAT_DELAY_MS), fired: false };
    repeat.current = state;
    function tick() {
      state.fired = true;
      controller.press(key);
      state.timer = setTimeout(tick, REPEAT_INTERVAL_MS);
    }
  }

  async function paste(): Promise<void> {
    try {
      controller.paste(await navigator.clipboard.readText());
    } catch {
      setNote('The browser did not allow reading the clipboard.');
    }
  }

  function activate(slot: Slot): void {
    switch (slot.kind) {
      case 'key': {
        const held = repeat.current?.fired === true;
        repeat.current = null;
        if (!held) controller.press(slot.key); // else the hold already sent it
        return;
      }
      case 'modifier':
        controller.modifiers.tap(slot.modifier);
        return;
      case 'paste':
        void paste();
        return;
      case 'fit':
        controller.fitToDevice();
        return;
      case 'attach':
        onAttach();
        return;
    }
  }

  return (
    <div
      className={styles.bar}
      role="toolbar"
      aria-label="Terminal keys"
      data-testid="key-bar"
      // Keep focus (and the soft keyboard) in the terminal: no button may take it on press.
      onPointerDown={keepFocus}
      onMouseDown={keepFocus}
      onPointerUp={stopRepeat}
      onPointerCancel={stopRepeat}
      onPointerLeave={stopRepeat}
    >
      {note && (
        <div className={styles.note} role="status">
          {note}
        </div>
      )}
      {SLOTS.map((slot) => {
        const level = slot.kind === 'modifier' ? levels[slot.modifier] : undefined;
        return (
          <button
            key={slot.name}
            type="button"
            className={styles.key}
            data-wide={slot.kind === 'key' && slot.key === 'enter' ? true : undefined}
            aria-label={slot.name}
            aria-pressed={level === undefined ? undefined : level !== 'off'}
            data-level={level}
            title={level === undefined ? slot.name : `${slot.name}: ${LEVEL_HINT[level]}`}
            onPointerDown={
              slot.kind === 'key' && slot.repeat
                ? (event: PointerEvent) => {
                    if (event.isPrimary) startRepeat(slot.key);
                  }
                : undefined
            }
            onClick={() => activate(slot)}
          >
            {slot.kind === 'attach' ? <PaperclipIcon /> : slot.label}
          </button>
        );
      })}
    </div>
  );
}

/** A paperclip, drawn: no emoji font is needed for it to show. */
function PaperclipIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M21 11.5l-8.6 8.6a5.5 5.5 0 0 1-7.8-7.8l8.6-8.6a3.7 3.7 0 0 1 5.2 5.2l-8.6 8.6a1.8 1.8 0 0 1-2.6-2.6l8-8"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

function keepFocus(event: SyntheticEvent): void {
  event.preventDefault();
}
