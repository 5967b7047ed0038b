'use client';

import type { ReactNode } from 'react';
import styles from './panels.module.css';

export function PanelFrame(props: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId: string;
}) {
  return (
    <section className={styles.panel} aria-label={props.title} data-testid={props.testId}>
      <header className={styles.head}>
        <h2>{props.title}</h2>
        <button aria-label="Close panel" onClick={props.onClose}>
          ×
        </button>
      </header>
      <div className={styles.body}>{props.children}</div>
    </section>
  );
}

export function Badge({
  children,
  tone,
}: {
  children: ReactNode;
  tone?: 'ok' | 'warn' | 'danger';
}) {
  return (
    <span className={styles.badge} data-tone={tone}>
      {children}
    </span>
  );
}
