'use client';

import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';
import styles from './ui.module.css';

/** A small modal form: Escape or the backdrop cancels, Enter submits. */
export function Modal(props: {
  title: string;
  children: ReactNode;
  onClose: () => void;
  onSubmit: () => void;
  submitLabel: string;
  busy?: boolean;
  error?: string | null;
  danger?: boolean;
  testId?: string;
}) {
  const form = useRef<HTMLFormElement>(null);
  const onClose = useRef(props.onClose);
  onClose.current = props.onClose;
  useEffect(() => {
    const first = form.current?.querySelector<HTMLElement>(
      'input, select, textarea, button.primary, button.danger',
    );
    first?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!props.busy) props.onSubmit();
  };
  return (
    <div
      className={styles.backdrop}
      onMouseDown={(e) => e.target === e.currentTarget && props.onClose()}
    >
      <form
        ref={form}
        className={styles.modal}
        role="dialog"
        aria-label={props.title}
        onSubmit={submit}
        data-testid={props.testId}
      >
        <h2>{props.title}</h2>
        <div className={styles.body}>{props.children}</div>
        {props.error && <p className="error-text">{props.error}</p>}
        <div className={styles.actions}>
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className={props.danger ? 'danger' : 'primary'}
            disabled={props.busy}
          >
            {props.busy ? '…' : props.submitLabel}
          </button>
        </div>
      </form>
    </div>
  );
}
