'use client';

import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { SHARE_PAGE_PATH } from '@rdv/contract';
import { errorMessage } from '../../lib/format';
import { useTRPC, useTRPCClient } from '../../lib/trpc';
import type { Session } from '../../lib/types';
import { Modal } from '../ui/modal';
import styles from './share-dialog.module.css';

/** The lifetimes offered; the daemon allows 5 minutes to 7 days. */
const LIFETIMES: ReadonlyArray<{ label: string; seconds: number }> = [
  { label: '15 minutes', seconds: 15 * 60 },
  { label: '1 hour', seconds: 3600 },
  { label: '8 hours', seconds: 8 * 3600 },
  { label: '1 day', seconds: 86_400 },
  { label: '7 days', seconds: 7 * 86_400 },
];
const DEFAULT_LIFETIME_SECONDS = 3600;

/**
 * "Share read-only…": a label and a lifetime make a link that shows this session's terminal live
 * to anyone who has it, who can neither type nor resize. The link is shown once, here; the
 * session's links are listed below, each revocable (its viewers are cut off at once).
 */
export function ShareDialog(props: { session: Session; onClose: () => void }) {
  const { session } = props;
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [label, setLabel] = useState('');
  const [lifetime, setLifetime] = useState(DEFAULT_LIFETIME_SECONDS);
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const links = useQuery(trpc.shares.list.queryOptions({ sessionId: session.id }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.shares.list.queryKey() });
  const create = useMutation({
    mutationFn: () =>
      client.shares.create.mutate({ sessionId: session.id, label: label.trim() || 'shared link', expiresInSeconds: lifetime }),
    onSuccess: async (created) => {
      // The dashboard's own address: right behind a proxy, whatever the daemon was told.
      setLink(`${location.origin}${SHARE_PAGE_PATH}#${created.secret}`);
      setCopied(false);
      await refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => client.shares.revoke.mutate({ id }),
    onSuccess: refresh,
  });
  const copy = async () => {
    if (!link) return;
    await navigator.clipboard.writeText(link).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  const now = Date.now();
  const active = (links.data ?? []).filter((l) => !l.revokedAt && new Date(l.expiresAt).getTime() > now);

  return (
    <Modal
      title={`Share “${session.name}” read-only`}
      submitLabel={link ? 'Create another link' : 'Create link'}
      busy={create.isPending}
      error={create.error ? errorMessage(create.error) : revoke.error ? errorMessage(revoke.error) : null}
      onClose={props.onClose}
      onSubmit={() => create.mutate()}
      testId="share-dialog"
    >
      <p className={styles.hint}>
        Whoever has the link sees this terminal live and cannot type, resize or reach anything else.
      </p>
      <label>
        Label (who it is for)
        <input
          name="label"
          value={label}
          placeholder="pairing with Sam"
          autoComplete="off"
          maxLength={80}
          onChange={(event) => setLabel(event.target.value)}
        />
      </label>
      <label>
        Expires after
        <select name="expires" value={lifetime} onChange={(event) => setLifetime(Number(event.target.value))}>
          {LIFETIMES.map((l) => (
            <option key={l.seconds} value={l.seconds}>
              {l.label}
            </option>
          ))}
        </select>
      </label>
      {link && (
        <div className={styles.created} role="group" aria-label="New share link">
          <p>Copy the link now: it is shown only once.</p>
          <div className={styles.linkRow}>
            <input aria-label="Share link" readOnly value={link} onFocus={(event) => event.target.select()} />
            <button type="button" onClick={() => void copy()}>
              {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
        </div>
      )}
      <section aria-label="Active share links">
        <h3 className={styles.heading}>Active links</h3>
        {active.length === 0 ? (
          <p className={styles.hint}>None.</p>
        ) : (
          <ul className={styles.list}>
            {active.map((l) => (
              <li key={l.id}>
                <span className={styles.linkLabel}>{l.label}</span>
                <span className={styles.hint}>
                  expires {new Date(l.expiresAt).toLocaleString()}
                  {l.lastUsedAt ? ` · last used ${new Date(l.lastUsedAt).toLocaleTimeString()}` : ''}
                </span>
                <button
                  type="button"
                  className="danger"
                  aria-label={`Revoke ${l.label}`}
                  disabled={revoke.isPending}
                  onClick={() => revoke.mutate(l.id)}
                >
                  Revoke
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Modal>
  );
}
