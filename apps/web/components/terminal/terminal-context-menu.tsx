'use client';

import { menuFocusTarget } from '../../lib/menu-navigation';
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import styles from './terminal-overlays.module.css';

export interface ContextMenuItem {
  label: string;
  /** The key that does the same, shown at the right. */
  keys?: string;
  disabled?: boolean;
  onSelect: () => void;
}

/** Space kept between the menu and the window's edges. */
const EDGE_PX = 4;

/**
 * The terminal's right-click menu: opens at the pointer (kept inside the window), takes the
 * focus, moves with the arrow keys, Home and End; Escape, Tab or a click elsewhere closes it.
 */
export function TerminalContextMenu(props: {
  x: number;
  y: number;
  items: ContextMenuItem[];
  /** Closed without choosing (Escape, outside click): the terminal takes the keyboard back. */
  onClose: () => void;
}) {
  const { items, onClose } = props;
  const menu = useRef<HTMLUListElement>(null);
  const [position, setPosition] = useState({ left: props.x, top: props.y });

  useLayoutEffect(() => {
    const box = menu.current?.getBoundingClientRect();
    if (!box) return;
    setPosition({
      left: Math.max(EDGE_PX, Math.min(props.x, window.innerWidth - box.width - EDGE_PX)),
      top: Math.max(EDGE_PX, Math.min(props.y, window.innerHeight - box.height - EDGE_PX)),
    });
    enabledItems(menu.current)[0]?.focus();
  }, [props.x, props.y]);

  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const dismiss = () => close.current();
    const outside = (event: Event) => {
      if (!menu.current?.contains(event.target as Node)) dismiss();
    };
    window.addEventListener('mousedown', outside, true);
    window.addEventListener('blur', dismiss);
    window.addEventListener('resize', dismiss);
    return () => {
      window.removeEventListener('mousedown', outside, true);
      window.removeEventListener('blur', dismiss);
      window.removeEventListener('resize', dismiss);
    };
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const buttons = enabledItems(menu.current);
    const target = menuFocusTarget(
      event.key,
      buttons.indexOf(document.activeElement as HTMLButtonElement),
      buttons.length,
    );
    if (target !== null) {
      buttons[target]?.focus();
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    switch (event.key) {
      case 'Escape':
      case 'Tab':
        onClose();
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <ul
      ref={menu}
      className={styles.contextMenu}
      role="menu"
      aria-label="Terminal"
      style={position}
      onKeyDown={onKeyDown}
      onContextMenu={(event) => event.preventDefault()}
    >
      {items.map((item) => (
        <li key={item.label} role="none">
          <button
            type="button"
            role="menuitem"
            disabled={item.disabled}
            onClick={item.onSelect}
            aria-keyshortcuts={item.keys?.replace(/Cmd/g, 'Meta').replace(/, /g, ' ')}
          >
            <span>{item.label}</span>
            {item.keys && <kbd>{item.keys}</kbd>}
          </button>
        </li>
      ))}
    </ul>
  );
}

function enabledItems(menu: HTMLUListElement | null): HTMLButtonElement[] {
  return Array.from(menu?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? []);
}
