'use client';

import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { menuFocusTarget, menuTypeaheadTarget } from '../../lib/menu-navigation';
import styles from './ui.module.css';

export interface MenuItem {
  label: string;
  onSelect: () => void;
  danger?: boolean;
  hidden?: boolean;
}

/**
 * A "⋯" menu button (WAI-ARIA menu button pattern): Enter, Space or ArrowDown opens it on the
 * first item, ArrowUp on the last; ArrowDown/ArrowUp/Home/End and a first letter move among
 * the items; Enter or Space activates one; Escape closes and returns focus to the button; Tab
 * or a click outside closes it.
 */
export function Menu({ items, label }: { items: MenuItem[]; label: string }) {
  // Which item takes focus when the menu opens; false while closed.
  const [open, setOpen] = useState<false | 'first' | 'last'>(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const menuId = useId();
  const visible = items.filter((item) => !item.hidden);

  const menuItems = () =>
    Array.from(list.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) button.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    const all = menuItems();
    (open === 'last' ? all[all.length - 1] : all[0])?.focus();
    const outside = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', outside);
    return () => window.removeEventListener('mousedown', outside);
  }, [open]);

  const onMenuKey = (event: KeyboardEvent<HTMLUListElement>) => {
    const all = menuItems();
    const current = all.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      return close(true);
    }
    if (event.key === 'Tab') return close(false);
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target =
      menuFocusTarget(event.key, current, all.length) ??
      menuTypeaheadTarget(
        event.key,
        current,
        all.map((item) => item.textContent ?? ''),
      );
    if (target === null) return;
    event.preventDefault();
    all[target]?.focus();
  };

  return (
    <div className={styles.menuRoot} ref={root}>
      <button
        ref={button}
        type="button"
        className={styles.menuButton}
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open !== false}
        aria-controls={open ? menuId : undefined}
        onClick={(event) => {
          event.stopPropagation();
          setOpen(open ? false : 'first');
        }}
        onKeyDown={(event) => {
          if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
          event.preventDefault();
          setOpen(event.key === 'ArrowUp' ? 'last' : 'first');
        }}
      >
        ⋯
      </button>
      {open && (
        <ul
          ref={list}
          id={menuId}
          className={styles.menu}
          role="menu"
          aria-label={label}
          onKeyDown={onMenuKey}
        >
          {visible.map((item) => (
            <li key={item.label} role="none">
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                className={item.danger ? 'danger' : undefined}
                onClick={(event) => {
                  event.stopPropagation();
                  close(true);
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
