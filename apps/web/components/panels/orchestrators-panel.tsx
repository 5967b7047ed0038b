'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FolderOption } from '../dialogs/folder-select';
import { FolderSelect } from '../dialogs/folder-select';
import { errorMessage, relativeTime } from '../../lib/format';
import { useLiveStatus } from '../../lib/live-status';
import { useTRPC } from '../../lib/trpc';
import type { Insight } from '../../lib/types';
import { Badge, PanelFrame } from './panel-frame';
import styles from './panels.module.css';

const SEVERITY_TONE = { info: undefined, warning: 'warn', critical: 'danger' } as const;

/** Orchestrators (watchers of a folder's agents) and their insights, live. */
export function OrchestratorsPanel(props: {
  folders: FolderOption[];
  folderId: string | null;
  sessionName: (id: string) => string;
  onOpenSession: (id: string) => void;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const live = useLiveStatus();
  const list = useQuery({ ...trpc.orchestrators.list.queryOptions(), refetchInterval: 10_000 });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.orchestrators.pathKey() });
  const update = useMutation(trpc.orchestrators.update.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.orchestrators.delete.mutationOptions({ onSuccess: refresh }));
  const resolve = useMutation(
    trpc.orchestrators.insights.resolve.mutationOptions({ onSuccess: refresh }),
  );

  const [name, setName] = useState('');
  const [folderId, setFolderId] = useState<string | null>(props.folderId);
  const [stall, setStall] = useState('');
  const [nudge, setNudge] = useState('');
  const [auto, setAuto] = useState(false);
  const create = useMutation(
    trpc.orchestrators.create.mutationOptions({
      onSuccess: () => {
        setName('');
        void refresh();
      },
    }),
  );

  const insights = [...live.insights.values()].sort((a, b) =>
    String(b.createdAt).localeCompare(String(a.createdAt)),
  );
  const folderName = (id: string | null) =>
    id ? (props.folders.find((f) => f.id === id)?.name ?? 'folder') : 'all sessions';

  return (
    <PanelFrame title="Orchestrators" onClose={props.onClose} testId="orchestrators-panel">
      <p className={styles.section}>Open insights {live.connected ? '' : '(connecting…)'}</p>
      {insights.length === 0 && <p className="muted">Nothing needs attention.</p>}
      {insights.map((insight) => (
        <InsightCard
          key={insight.id}
          insight={insight}
          sessionName={props.sessionName}
          onOpen={props.onOpenSession}
          onResolve={() => resolve.mutate({ id: insight.id })}
        />
      ))}

      <p className={styles.section}>Orchestrators</p>
      {list.error && <p className="error-text">{errorMessage(list.error)}</p>}
      {list.data?.length === 0 && (
        <p className="muted">None yet: create one to watch a folder’s agents for stalls.</p>
      )}
      {list.data?.map((o) => (
        <article key={o.id} className={styles.card}>
          <div className={styles.cardHead}>
            <strong>{o.name}</strong>
            {o.paused ? <Badge>paused</Badge> : <Badge tone="ok">watching</Badge>}
            {o.openInsights > 0 && <Badge tone="warn">{o.openInsights} open</Badge>}
          </div>
          <span className="muted">
            {folderName(o.folderId)} · every {o.intervalSeconds}s · stall after{' '}
            {o.stallThresholdSeconds}s{o.autoIntervention ? ' · auto-nudge' : ''}
          </span>
          <div className={styles.row}>
            <button onClick={() => update.mutate({ id: o.id, paused: !o.paused })}>
              {o.paused ? 'Resume' : 'Pause'}
            </button>
            <button className="danger" onClick={() => remove.mutate({ id: o.id })}>
              Delete
            </button>
          </div>
        </article>
      ))}

      <form
        className={styles.card}
        onSubmit={(event) => {
          event.preventDefault();
          const seconds = Number(stall);
          create.mutate({
            name: name.trim(),
            folderId,
            autoIntervention: auto,
            ...(stall.trim() && Number.isInteger(seconds)
              ? { stallThresholdSeconds: seconds }
              : {}),
            ...(nudge.trim() ? { nudgeText: nudge.trim() } : {}),
          });
        }}
      >
        <p className={styles.section}>New orchestrator</p>
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          Watches
          <FolderSelect
            folders={props.folders}
            value={folderId}
            onChange={setFolderId}
            noneLabel="all my sessions"
          />
        </label>
        <div className={styles.row}>
          <label>
            Stall after (s)
            <input
              inputMode="numeric"
              value={stall}
              onChange={(e) => setStall(e.target.value)}
              placeholder="default"
            />
          </label>
          <label className="inline">
            <input type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} />{' '}
            auto-nudge
          </label>
        </div>
        {auto && (
          <label>
            Nudge text
            <input
              value={nudge}
              onChange={(e) => setNudge(e.target.value)}
              placeholder="continue"
            />
          </label>
        )}
        <button type="submit" className="primary" disabled={create.isPending || !name.trim()}>
          Create
        </button>
        {create.error && <p className="error-text">{errorMessage(create.error)}</p>}
      </form>
    </PanelFrame>
  );
}

function InsightCard(props: {
  insight: Insight;
  sessionName: (id: string) => string;
  onOpen: (id: string) => void;
  onResolve: () => void;
}) {
  const { insight } = props;
  return (
    <article className={styles.card} data-insight={insight.type}>
      <div className={styles.cardHead}>
        <strong>{insight.sessionId ? props.sessionName(insight.sessionId) : 'session'}</strong>
        <Badge tone={SEVERITY_TONE[insight.severity as keyof typeof SEVERITY_TONE]}>
          {insight.type.replaceAll('_', ' ')}
        </Badge>
        <span className="muted">{relativeTime(insight.createdAt)}</span>
      </div>
      <span>{insight.message}</span>
      <div className={styles.row}>
        {insight.sessionId && (
          <button onClick={() => props.onOpen(insight.sessionId ?? '')}>Open</button>
        )}
        <button onClick={props.onResolve}>Resolve</button>
      </div>
    </article>
  );
}
