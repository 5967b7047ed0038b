'use client';

import type { PendingComment } from '../../lib/review/pending-comments';
import { CommentCard } from './comment-box';
import styles from './comments-ship.module.css';

/** What happened to the last "Send to agent". */
export type SendState =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'sent'; text: string }
  | { kind: 'failed'; text: string; canForce: boolean };

/**
 * The comments written and not sent yet, editable and removable, and "Send to agent", which
 * types them all into the session as one message.
 */
export function PendingComments(props: {
  comments: readonly PendingComment[];
  sessionName: string;
  canSend: boolean;
  state: SendState;
  onUpdate: (id: string, text: string) => void;
  onRemove: (id: string) => void;
  onSend: (force: boolean) => void;
}) {
  const count = props.comments.length;
  if (count === 0 && (props.state.kind === 'idle' || props.state.kind === 'sending')) return null;
  return (
    <section className={styles.pending} aria-label="Comments for the agent">
      {count > 0 && (
        <details open>
          <summary>
            {count} comment{count === 1 ? '' : 's'} for the agent, not sent yet
          </summary>
          <ul className={styles.pendingList}>
            {props.comments.map((comment) => (
              <li key={comment.id}>
                <CommentCard
                  comment={comment}
                  showWhere
                  onUpdate={(text) => props.onUpdate(comment.id, text)}
                  onRemove={() => props.onRemove(comment.id)}
                />
              </li>
            ))}
          </ul>
        </details>
      )}
      <div className={styles.sendRow}>
        {count > 0 && (
          <button
            type="button"
            className="primary"
            disabled={!props.canSend || props.state.kind === 'sending'}
            title={props.canSend ? undefined : 'The session is not running: nothing to type into'}
            onClick={() => props.onSend(false)}
          >
            {props.state.kind === 'sending'
              ? 'Sending…'
              : `Send ${count === 1 ? 'comment' : `${count} comments`} to agent`}
          </button>
        )}
        {count > 0 && !props.canSend && (
          <p className="muted">{props.sessionName} has ended: restart it to send these.</p>
        )}
        {props.state.kind === 'sent' && (
          <p role="status" className={styles.ok}>
            {props.state.text}
          </p>
        )}
        {props.state.kind === 'failed' && (
          <div role="alert" className={styles.failure}>
            <p className="error-text">{props.state.text}</p>
            {props.state.canForce && count > 0 && (
              <button type="button" className="danger" onClick={() => props.onSend(true)}>
                Send anyway
              </button>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
