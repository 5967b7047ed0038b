'use client';

import { progressText, type UploadState } from './file-uploads';
import styles from './upload-status.module.css';

/** Where dragged files go, shown while they are over the terminal. */
export function DropZone() {
  return (
    <div className={styles.dropZone} data-testid="drop-zone">
      Drop to upload to this session; each file&apos;s path is typed at the prompt
    </div>
  );
}

/** The upload under way (with a progress bar), or why files were refused. */
export function UploadStatus(props: { state: UploadState; onDismiss: () => void }) {
  const { state } = props;
  switch (state.kind) {
    case 'idle':
      return null;
    case 'uploading': {
      const percent = state.total > 0 ? Math.round((state.loaded / state.total) * 100) : 0;
      const which = state.count > 1 ? ` (${state.position} of ${state.count})` : '';
      return (
        <div className={styles.status} role="status" aria-live="polite">
          <div className={styles.line}>
            <span className={styles.name}>
              Uploading {state.name}
              {which}
            </span>
            {/* The bar carries the amount for screen readers; a live region re-reading the
                numbers at every step would talk over everything else. */}
            <span className={styles.amount} aria-hidden="true">
              {progressText(state.loaded, state.total)}
            </span>
          </div>
          <progress
            className={styles.bar}
            max={100}
            value={percent}
            aria-label={`Uploading ${state.name}`}
          />
        </div>
      );
    }
    case 'refused':
      return (
        <div className={`${styles.status} ${styles.refused}`} role="alert">
          {state.messages.length === 1 ? (
            <span>{state.messages[0]}</span>
          ) : (
            <ul>
              {state.messages.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          )}
          <button type="button" onClick={props.onDismiss}>
            Dismiss
          </button>
        </div>
      );
  }
}
