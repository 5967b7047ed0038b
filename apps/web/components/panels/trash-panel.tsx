'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, relativeTime } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import { Badge, PanelFrame } from './panel-frame';
import styles from './panels.module.css';

/** Trashed worktrees: restore, or delete for good (forced when they hold uncommitted work). */
export function TrashPanel(props: { onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.trash.list.queryOptions());
  const retention = useQuery({ ...trpc.trash.retention.queryOptions(), staleTime: Infinity });
  const refresh = () => queryClient.invalidateQueries();
  const restore = useMutation(trpc.trash.restore.mutationOptions({ onSuccess: refresh }));
  const purge = useMutation(trpc.trash.purge.mutationOptions({ onSuccess: refresh }));
  const [confirming, setConfirming] = useState<string | null>(null);

  return (
    <PanelFrame title="Trash" onClose={props.onClose} testId="trash-panel">
      {list.error && <p className="error-text">{errorMessage(list.error)}</p>}
      {list.data?.length === 0 && <p>The trash is empty.</p>}
      <p className="muted" data-testid="trash-explainer">
        {trashExplainer(retention.data?.days)}
      </p>
      {list.data?.map((item) => (
        <article key={item.id} className={styles.card}>
          <div className={styles.cardHead}>
            <strong>{item.branch ?? '(detached)'}</strong>
            {item.hasUncommittedWork && (
              <Badge tone="warn">{item.work || 'uncommitted work'}</Badge>
            )}
            {item.expired && <Badge tone="danger">expired</Badge>}
          </div>
          <code className="muted">{item.originalPath}</code>
          <span className="muted">trashed {relativeTime(item.trashedAt)}</span>
          <div className={styles.row}>
            <button onClick={() => restore.mutate({ id: item.id })} disabled={restore.isPending}>
              Restore
            </button>
            {confirming === item.id ? (
              <button
                className="danger"
                onClick={() => purge.mutate({ id: item.id, force: item.hasUncommittedWork })}
              >
                {item.hasUncommittedWork ? 'Delete with its uncommitted work' : 'Really delete'}
              </button>
            ) : (
              <button className="danger" onClick={() => setConfirming(item.id)}>
                Delete…
              </button>
            )}
          </div>
        </article>
      ))}
      {(restore.error ?? purge.error) && (
        <p className="error-text">{errorMessage(restore.error ?? purge.error)}</p>
      )}
    </PanelFrame>
  );
}

/** What goes in the trash and for how long: an empty panel should still say what it is for. */
function trashExplainer(days: number | undefined): string {
  const kept = days === undefined ? 'for a while' : `for ${days} day${days === 1 ? '' : 's'}`;
  return (
    `Worktrees that rdv moves out of the way come here: close a session that has its own ` +
    `worktree and tick "Also move its worktree to the trash". Each is kept ${kept} with its ` +
    `branch and uncommitted work, and Restore puts it back where it was; after that it is ` +
    `deleted, unless it holds uncommitted work. (Remove in the Worktrees panel deletes a ` +
    `worktree at once; it does not come here.)`
  );
}
