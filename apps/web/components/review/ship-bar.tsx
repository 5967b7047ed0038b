'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../lib/format';
import {
  commitNotice,
  pullRequestNotice,
  pushNotice,
  refusalNotice,
  type ShipNotice,
} from '../../lib/review/ship-messages';
import { useTRPCClient } from '../../lib/trpc';
import { Modal } from '../ui/modal';
import styles from './comments-ship.module.css';

/**
 * Commit what is staged, push the branch, open a pull request. The API refuses on a conflict,
 * a detached HEAD, nothing staged...: the refusal is shown as it says it.
 */
export function ShipBar(props: {
  /** The worktree's top folder (the diff's `path`). */
  path: string;
  staged: number;
  onShipped: () => void;
}) {
  const client = useTRPCClient();
  const [notice, setNotice] = useState<ShipNotice | null>(null);
  const [committing, setCommitting] = useState(false);
  const [message, setMessage] = useState('');

  const run = useMutation({
    mutationFn: async (action: 'commit' | 'push' | 'pullRequest'): Promise<ShipNotice> => {
      switch (action) {
        case 'commit':
          return commitNotice(await client.worktrees.commit.mutate({ path: props.path, message }));
        case 'push':
          return pushNotice(await client.worktrees.push.mutate({ path: props.path }));
        case 'pullRequest':
          return pullRequestNotice(await client.worktrees.pullRequest.mutate({ path: props.path }));
      }
    },
    onMutate: () => setNotice(null),
    onSuccess: (result, action) => {
      setNotice(result);
      if (action === 'commit') {
        setCommitting(false);
        setMessage('');
      }
    },
    onError: (error, action) =>
      setNotice(
        refusalNotice(
          { commit: 'Commit', push: 'Push', pullRequest: 'Pull request' }[action],
          errorMessage(error),
        ),
      ),
    onSettled: props.onShipped,
  });

  return (
    <section className={styles.ship} aria-label="Ship">
      <div className={styles.shipButtons}>
        <button
          type="button"
          title={
            props.staged ? `Commit the ${props.staged} staged file(s)` : 'Nothing is staged yet'
          }
          onClick={() => {
            setNotice(null);
            setCommitting(true);
          }}
          disabled={run.isPending}
        >
          Commit…
        </button>
        <button type="button" onClick={() => run.mutate('push')} disabled={run.isPending}>
          Push
        </button>
        <button type="button" onClick={() => run.mutate('pullRequest')} disabled={run.isPending}>
          Open pull request
        </button>
        {run.isPending && <span className="muted">working…</span>}
      </div>
      {notice && (
        <p
          role={notice.kind === 'error' ? 'alert' : 'status'}
          className={notice.kind === 'error' ? 'error-text' : styles.ok}
          data-testid="ship-notice"
        >
          {notice.text}
          {notice.link && (
            <>
              {' '}
              <a href={notice.link.href} target="_blank" rel="noreferrer noopener">
                {notice.link.label}
              </a>
            </>
          )}
        </p>
      )}
      {committing && (
        <Modal
          title="Commit"
          submitLabel="Commit"
          busy={run.isPending}
          error={notice?.kind === 'error' ? notice.text : null}
          onClose={() => setCommitting(false)}
          onSubmit={() => run.mutate('commit')}
        >
          <label>
            Message (the author is git&apos;s user.name and user.email)
            <textarea
              name="message"
              rows={4}
              value={message}
              onChange={(event) => setMessage(event.currentTarget.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
                  event.preventDefault();
                  event.currentTarget.form?.requestSubmit();
                }
              }}
            />
          </label>
          <p className="muted">
            {props.staged
              ? `${props.staged} file${props.staged === 1 ? '' : 's'} staged.`
              : 'Nothing is staged: tick files in the list first.'}
          </p>
        </Modal>
      )}
    </section>
  );
}
