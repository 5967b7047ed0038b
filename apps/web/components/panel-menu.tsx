'use client';

import { menuFocusTarget } from '../lib/menu-navigation';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import styles from './panel-menu.module.css';

/**
 * The panel buttons of the header, folded into one "Panels" menu on phones and narrow windows,
 * where five buttons do not fit beside the tabs (CSS shows either the buttons or this menu).
 * Arrow keys, Home/End and Escape work as in any menu.
 */
export function PanelMenu<P extends string>(props: {
  panels: readonly P[];
  labels: Record<P, string>;
  active: P | null;
  onSelect: (panel: P) => void;
}) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: Event) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    window.addEventListener('pointerdown', onPointer);
    // The first item takes focus, so the arrow keys work at once.
    root.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    return () => window.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  const onMenuKey = (event: KeyboardEvent<HTMLUListElement>) => {
    const items = Array.from(
      event.currentTarget.querySelectorAll<HTMLButtonElement>('[role="menuitem"]'),
    );
    const target = menuFocusTarget(
      event.key,
      items.indexOf(document.activeElement as HTMLButtonElement),
      items.length,
    );
    if (target !== null) {
      items[target]?.focus();
      event.preventDefault();
      return;
    }
    switch (event.key) {
      case 'Escape':
      case 'Tab':
        close();
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <div className={styles.root} ref={root}>
      <button
        ref={button}
        type="button"
        className={styles.button}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        data-active={props.active !== null}
        onClick={() => setOpen(!open)}
      >
        Panels <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <ul
          id={menuId}
          className={styles.menu}
          role="menu"
          aria-label="Panels"
          onKeyDown={onMenuKey}
        >
          {props.panels.map((panel) => (
            <li key={panel} role="none">
              <button
                type="button"
                role="menuitem"
                aria-current={panel === props.active ? 'true' : undefined}
                onClick={() => {
                  close();
                  props.onSelect(panel);
                }}
              >
                {props.labels[panel]}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
