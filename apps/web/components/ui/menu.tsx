'use client';

import { useEffect, useRef, useState } from 'react';
import styles from './ui.module.css';

export interface MenuItem {
  label: string;
  onSelect: () => void;
  danger?: boolean;
  hidden?: boolean;
}

/** A "⋯" button with a small popup menu; closes on outside click or Escape. */
export function Menu({ items, label }: { items: MenuItem[]; label: string }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (
        event instanceof KeyboardEvent
          ? event.key === 'Escape'
          : !root.current?.contains(event.target as Node)
      )
        setOpen(false);
    };
    window.addEventListener('mousedown', close);
    window.addEventListener('keydown', close);
    return () => {
      window.removeEventListener('mousedown', close);
      window.removeEventListener('keydown', close);
    };
  }, [open]);
  return (
    <div className={styles.menuRoot} ref={root}>
      <button
        type="button"
        className={styles.menuButton}
        aria-label={label}
        aria-expanded={open}
        onClick={(event) => {
          event.stopPropagation();
          setOpen(!open);
        }}
      >
        ⋯
      </button>
      {open && (
        <ul className={styles.menu} role="menu">
          {items
            .filter((item) => !item.hidden)
            .map((item) => (
              <li key={item.label}>
                <button
                  type="button"
                  role="menuitem"
                  className={item.danger ? 'danger' : undefined}
                  onClick={(event) => {
                    event.stopPropagation();
                    setOpen(false);
                    item.onSelect();
                  }}
                >
                  {item.label}
                </button>
              </li>
            ))}
        </ul>
      )}
    </div>
  );
}
