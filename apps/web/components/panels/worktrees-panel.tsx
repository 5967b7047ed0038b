'use client';

import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { errorCode, errorMessage } from '../../lib/format';
import {
  recentRepositories,
  repositoryCandidates,
  type RepositoryCheck,
} from '../../lib/recent-repositories';
import { useTRPC } from '../../lib/trpc';
import { removalRefusal, type RemovalRefusal } from '../../lib/worktree-refusal';
import { Badge, PanelFrame } from './panel-frame';
import styles from './panels.module.css';

/** Worktrees shown with their status at once; more are listed without it. */
const MAX_STATUS_FETCHES = 12;
/** Whether a session's folder is a repository changes rarely: git is asked again after this. */
const REPOSITORY_CHECK_STALE_MS = 5 * 60_000;

/**
 * A repository's worktrees (the selected folder's working directory by default): their
 * status, a form to create one, and removal with the daemon's refusals (uncommitted work,
 * unpushed commits) shown, then "remove anyway".
 */
export function WorktreesPanel(props: {
  folderId: string | null;
  onClose: () => void;
  onOpenHere: (path: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const prefs = useQuery(trpc.preferences.resolve.queryOptions({ folderId: props.folderId }));
  // Until the person types or picks a repository, the folder's working directory is shown.
  const defaultPath = prefs.data?.values.cwd ?? '';
  const [chosen, setChosen] = useState<string | null>(null);
  const [draft, setDraft] = useState<string | null>(null);
  const repoPath = chosen ?? defaultPath;
  const recent = useRecentRepositories();
  const choices = [...new Set([defaultPath, ...recent].filter(Boolean))];
  const choose = (path: string) => {
    setDraft(path);
    setChosen(path);
  };

  const list = useQuery({
    ...trpc.worktrees.list.queryOptions({ repoPath }),
    enabled: repoPath.startsWith('/'),
    retry: false,
  });
  const entries = list.data ?? [];
  const statuses = useQueries({
    queries: entries.slice(0, MAX_STATUS_FETCHES).map((entry) => ({
      ...trpc.worktrees.status.queryOptions({ path: entry.path }),
      retry: false,
      refetchInterval: 10_000,
    })),
  });

  const [branch, setBranch] = useState('');
  const [base, setBase] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.worktrees.pathKey() });
  const create = useMutation(
    trpc.worktrees.create.mutationOptions({
      onSuccess: () => {
        setBranch('');
        void refresh();
      },
    }),
  );
  const [refusal, setRefusal] = useState<({ path: string } & RemovalRefusal) | null>(null);
  const remove = useMutation(
    trpc.worktrees.remove.mutationOptions({
      onSuccess: () => {
        setRefusal(null);
        void refresh();
      },
      onError: (error, input) => {
        if (errorCode(error) === 'PRECONDITION_FAILED' && input.path)
          setRefusal({ path: input.path, ...removalRefusal(errorMessage(error)) });
      },
    }),
  );

  return (
    <PanelFrame title="Worktrees" onClose={props.onClose} testId="worktrees-panel">
      {choices.length > 0 && (
        <label>
          Recent repositories
          <select
            name="recentRepository"
            value={choices.includes(repoPath) ? repoPath : ''}
            onChange={(e) => e.target.value && choose(e.target.value)}
          >
            <option value="">Choose one…</option>
            {choices.map((path) => (
              <option key={path} value={path}>
                {path === defaultPath ? `${path} (this folder's working directory)` : path}
              </option>
            ))}
          </select>
        </label>
      )}
      <form
        className={styles.row}
        onSubmit={(event) => {
          event.preventDefault();
          setChosen((draft ?? defaultPath).trim().replace(/\/+$/, '') || '/');
        }}
      >
        <label>
          Repository
          <input
            className="mono"
            name="repoPath"
            value={draft ?? defaultPath}
            onChange={(e) => setDraft(e.target.value)}
          />
        </label>
        <button type="submit">Show</button>
      </form>
      {list.error && <p className="error-text">{errorMessage(list.error)}</p>}
      {list.isLoading && <p className="muted">reading git…</p>}

      {entries.map((entry, index) => {
        const status = statuses[index]?.data;
        const statusError = statuses[index]?.error;
        const files = status
          ? [
              ...status.conflicted.map((f) => ['U', f] as const),
              ...status.staged.map((f) => ['A', f] as const),
              ...status.changed.map((f) => ['M', f] as const),
              ...status.untracked.map((f) => ['?', f] as const),
            ]
          : [];
        return (
          <article key={entry.path} className={styles.card} data-worktree={entry.path}>
            <div className={styles.cardHead}>
              <strong>{entry.branch ?? (entry.detached ? 'detached HEAD' : '(no branch)')}</strong>
              {entry.main && <Badge>main</Badge>}
              {entry.locked !== null && <Badge tone="warn">locked</Badge>}
              {entry.prunable !== null && <Badge tone="danger">prunable</Badge>}
              {status &&
                (status.clean ? (
                  <Badge tone="ok">clean</Badge>
                ) : (
                  <Badge tone="warn">modified</Badge>
                ))}
              {status && status.unpushedCount > 0 && (
                <Badge tone="warn">{status.unpushedCount} unpushed</Badge>
              )}
              {status && status.behind > 0 && <Badge>{status.behind} behind</Badge>}
            </div>
            <code className="muted">{entry.path}</code>
            {statusError && <p className="error-text">{errorMessage(statusError)}</p>}
            {files.length > 0 && (
              <ul className={styles.files} data-testid="worktree-files">
                {files.map(([code, file]) => (
                  <li key={`${code}${file}`}>
                    <span className={styles.code}>{code}</span>
                    {file}
                  </li>
                ))}
              </ul>
            )}
            <div className={styles.row}>
              <button onClick={() => props.onOpenHere(entry.path)}>Open a shell here</button>
              {!entry.main && (
                <button
                  className="danger"
                  disabled={remove.isPending}
                  onClick={() => remove.mutate({ path: entry.path, force: false })}
                >
                  Remove
                </button>
              )}
            </div>
            {refusal?.path === entry.path && (
              <div>
                <p className="error-text" role="alert">
                  {refusal.question}
                </p>
                <button
                  className="danger"
                  onClick={() => remove.mutate({ path: entry.path, force: true })}
                >
                  {refusal.confirm}
                </button>
              </div>
            )}
          </article>
        );
      })}
      {remove.error && errorCode(remove.error) !== 'PRECONDITION_FAILED' && (
        <p className="error-text">{errorMessage(remove.error)}</p>
      )}

      {list.data && (
        <form
          className={styles.card}
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate({
              repoPath,
              branch: branch.trim(),
              ...(base.trim() ? { baseBranch: base.trim() } : {}),
            });
          }}
        >
          <p className={styles.section}>New worktree</p>
          <div className={styles.row}>
            <label>
              Branch
              <input
                className="mono"
                value={branch}
                onChange={(e) => setBranch(e.target.value)}
                placeholder="feat/my-task"
                required
              />
            </label>
            <label>
              From
              <input
                className="mono"
                value={base}
                onChange={(e) => setBase(e.target.value)}
                placeholder="HEAD"
              />
            </label>
            <button type="submit" className="primary" disabled={create.isPending || !branch.trim()}>
              {create.isPending ? 'creating…' : 'Create'}
            </button>
          </div>
          {create.error && <p className="error-text">{errorMessage(create.error)}</p>}
          {create.data?.setup && create.data.setup.exitCode !== 0 && (
            <p className="error-text">
              set-up command failed (exit {String(create.data.setup.exitCode)})
            </p>
          )}
        </form>
      )}
    </PanelFrame>
  );
}

/**
 * Repositories the user worked in lately: those of their worktrees, and the folders of their
 * sessions that git says are the top of a repository (or of one of its worktrees).
 */
function useRecentRepositories(): string[] {
  const trpc = useTRPC();
  const records = useQuery(trpc.worktrees.records.queryOptions());
  // The same query as the dashboard's session list: served from its cache.
  const sessions = useQuery(trpc.sessions.list.queryOptions({ status: ['active', 'suspended'] }));
  const candidates = useMemo(
    () => repositoryCandidates({ records: records.data ?? [], sessions: sessions.data ?? [] }),
    [records.data, sessions.data],
  );
  const toCheck = candidates.filter((candidate) => !candidate.known);
  const answers = useQueries({
    queries: toCheck.map((candidate) => ({
      ...trpc.worktrees.list.queryOptions({ repoPath: candidate.path }),
      retry: false,
      staleTime: REPOSITORY_CHECK_STALE_MS,
    })),
  });
  const checks = new Map<string, RepositoryCheck>(
    toCheck.map((candidate, index) => {
      const answer = answers[index];
      const check: RepositoryCheck = answer?.error
        ? null
        : answer?.data
          ? (answer.data.find((entry) => entry.main)?.path ?? null)
          : undefined;
      return [candidate.path, check];
    }),
  );
  return recentRepositories(candidates, checks);
}
