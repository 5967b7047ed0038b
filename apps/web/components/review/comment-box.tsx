'use client';

import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { describeRange, type LineRange } from '../../lib/review/selection';
import type { PendingComment } from '../../lib/review/pending-comments';
import styles from './comments-ship.module.css';

/** Ctrl+Enter (⌘+Enter) saves a comment, as in most review tools; Escape cancels. */
function onCommentKeys(event: KeyboardEvent, save: () => void, cancel: () => void) {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    save();
  } else if (event.key === 'Escape') {
    event.preventDefault();
    event.stopPropagation();
    cancel();
  }
}

/** The form under selected lines: what to tell the agent about them. */
export function CommentForm(props: {
  range: LineRange;
  text: string;
  onText: (text: string) => void;
  onSave: () => void;
  onCancel: () => void;
}) {
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => area.current?.focus(), [props.range.file, props.range.side]);
  const save = () => {
    if (props.text.trim()) props.onSave();
  };
  return (
    <form
      className={styles.commentForm}
      aria-label={`Comment on ${describeRange(props.range)}`}
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <label>
        Comment on {describeRange(props.range)}
        <textarea
          ref={area}
          name="comment"
          rows={3}
          value={props.text}
          placeholder="What should the agent change here? (Ctrl+Enter adds it)"
          onChange={(event) => props.onText(event.currentTarget.value)}
          onKeyDown={(event) => onCommentKeys(event, save, props.onCancel)}
        />
      </label>
      <div className={styles.commentActions}>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={!props.text.trim()}>
          Add comment
        </button>
      </div>
    </form>
  );
}

/** A pending comment: where, what, and Edit / Remove (inline under its lines and in the list). */
export function CommentCard(props: {
  comment: PendingComment;
  onUpdate: (text: string) => void;
  onRemove: () => void;
  /** The list shows the file and lines; under the lines themselves they go without saying. */
  showWhere?: boolean;
}) {
  const [editing, setEditing] = useState<string | null>(null);
  const where = describeRange(props.comment);
  const save = () => {
    if (editing?.trim()) props.onUpdate(editing.trim());
    setEditing(null);
  };
  return (
    <div className={styles.commentCard} data-comment-id={props.comment.id}>
      {props.showWhere && <div className={styles.commentWhere}>{where}</div>}
      {editing === null ? (
        <p className={styles.commentText}>{props.comment.text}</p>
      ) : (
        <textarea
          aria-label={`Edit the comment on ${where}`}
          rows={3}
          value={editing}
          autoFocus
          onChange={(event) => setEditing(event.currentTarget.value)}
          onKeyDown={(event) => onCommentKeys(event, save, () => setEditing(null))}
        />
      )}
      <div className={styles.commentActions}>
        {editing === null ? (
          <button
            type="button"
            aria-label={`Edit the comment on ${where}`}
            onClick={() => setEditing(props.comment.text)}
          >
            Edit
          </button>
        ) : (
          <button type="button" className="primary" onClick={save} disabled={!editing.trim()}>
            Save
          </button>
        )}
        <button
          type="button"
          className="danger"
          aria-label={`Remove the comment on ${where}`}
          onClick={props.onRemove}
        >
          Remove
        </button>
      </div>
    </div>
  );
}
