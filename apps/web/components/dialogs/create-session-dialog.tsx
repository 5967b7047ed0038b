'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import type { Session } from '../../lib/types';
import { Modal } from '../ui/modal';
import { FolderSelect, type FolderOption } from './folder-select';

/** New session: shell or agent, in a folder, with an optional cwd or a new git worktree. */
export function CreateSessionDialog(props: {
  folders: FolderOption[];
  initialFolderId: string | null;
  cols: number;
  rows: number;
  onClose: () => void;
  onCreated: (session: Session) => void;
}) {
  const trpc = useTRPC();
  const [kind, setKind] = useState<'shell' | 'agent'>('shell');
  const [name, setName] = useState('');
  const [command, setCommand] = useState('');
  const [folderId, setFolderId] = useState<string | null>(props.initialFolderId);
  const [cwd, setCwd] = useState('');
  const [useWorktree, setUseWorktree] = useState(false);
  const [repoPath, setRepoPath] = useState('');
  const [branch, setBranch] = useState('');
  const [baseBranch, setBaseBranch] = useState('');
  const prefs = useQuery(trpc.preferences.resolve.queryOptions({ folderId }));
  const create = useMutation(
    trpc.sessions.create.mutationOptions({ onSuccess: (session) => props.onCreated(session) }),
  );

  const effectiveCwd = prefs.data?.values.cwd ?? '';
  const submit = () => {
    create.mutate({
      kind,
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(kind === 'agent' && command.trim() ? { command: command.trim() } : {}),
      ...(!useWorktree && cwd.trim() ? { cwd: cwd.trim() } : {}),
      folderId,
      cols: props.cols,
      rows: props.rows,
      ...(useWorktree
        ? {
            worktree: {
              repoPath: (repoPath.trim() || cwd.trim() || effectiveCwd).replace(/\/+$/, ''),
              branch: branch.trim(),
              ...(baseBranch.trim() ? { baseBranch: baseBranch.trim() } : {}),
            },
          }
        : {}),
    });
  };

  return (
    <Modal
      title="New session"
      submitLabel="Create"
      onClose={props.onClose}
      onSubmit={submit}
      busy={create.isPending}
      error={create.error ? errorMessage(create.error) : null}
      testId="create-session"
    >
      <div role="radiogroup" aria-label="Kind" style={{ display: 'flex', gap: 16 }}>
        <label className="inline">
          <input
            type="radio"
            name="kind"
            checked={kind === 'shell'}
            onChange={() => setKind('shell')}
          />{' '}
          Shell
        </label>
        <label className="inline">
          <input
            type="radio"
            name="kind"
            checked={kind === 'agent'}
            onChange={() => setKind('agent')}
          />{' '}
          Agent
        </label>
      </div>
      <label>
        Name
        <input
          name="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="(from the folder or branch)"
        />
      </label>
      {kind === 'agent' && (
        <label>
          Agent command
          <input
            name="command"
            value={command}
            onChange={(e) => setCommand(e.target.value)}
            placeholder={prefs.data?.values.agentCommand ?? 'e.g. claude'}
            className="mono"
          />
        </label>
      )}
      <label>
        Folder
        <FolderSelect folders={props.folders} value={folderId} onChange={setFolderId} />
      </label>
      <label className="inline">
        <input
          type="checkbox"
          checked={useWorktree}
          onChange={(e) => setUseWorktree(e.target.checked)}
        />{' '}
        In a new git worktree
      </label>
      {useWorktree ? (
        <>
          <label>
            Repository
            <input
              className="mono"
              value={repoPath}
              onChange={(e) => setRepoPath(e.target.value)}
              placeholder={effectiveCwd}
            />
          </label>
          <label>
            New branch
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
              value={baseBranch}
              onChange={(e) => setBaseBranch(e.target.value)}
              placeholder="HEAD"
            />
          </label>
        </>
      ) : (
        <label>
          Working directory
          <input
            name="cwd"
            className="mono"
            value={cwd}
            onChange={(e) => setCwd(e.target.value)}
            placeholder={effectiveCwd}
          />
        </label>
      )}
    </Modal>
  );
}
