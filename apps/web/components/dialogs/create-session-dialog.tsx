'use client';

import { AGENTS, AGENT_NAMES, type AgentName } from '@rdv/agents';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import type { Session } from '../../lib/types';
import { Modal } from '../ui/modal';
import { FolderSelect, type FolderOption } from './folder-select';

/** The agent select's value: a preset, or a command line of one's own. */
type AgentChoice = AgentName | 'custom';

/**
 * New session: shell or agent (a preset: Claude Code, Codex, Gemini CLI, OpenCode, or a command
 * of one's own), in a folder, with an optional cwd or a new git worktree. For a preset it says
 * whether that agent's hooks for rdv are installed, and how to install them.
 */
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
  const [agent, setAgent] = useState<AgentChoice>('claude');
  const [folderId, setFolderId] = useState<string | null>(props.initialFolderId);
  const [cwd, setCwd] = useState('');
  const [useWorktree, setUseWorktree] = useState(false);
  const [repoPath, setRepoPath] = useState('');
  const [branch, setBranch] = useState('');
  const [baseBranch, setBaseBranch] = useState('');
  const prefs = useQuery(trpc.preferences.resolve.queryOptions({ folderId }));
  // Read afresh each time the dialog opens: the person may just have run `rdv hooks install`.
  const hooks = useQuery({
    ...trpc.hooks.installed.queryOptions(),
    enabled: kind === 'agent',
    staleTime: 0,
    refetchOnMount: 'always',
  });
  const preset = kind === 'agent' && agent !== 'custom' ? agent : null;
  const create = useMutation(
    trpc.sessions.create.mutationOptions({ onSuccess: (session) => props.onCreated(session) }),
  );

  const effectiveCwd = prefs.data?.values.cwd ?? '';
  const submit = () => {
    create.mutate({
      kind,
      ...(preset ? { agent: preset } : {}),
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
          Agent
          <select name="agent" value={agent} onChange={(e) => setAgent(e.target.value as AgentChoice)}>
            {AGENT_NAMES.map((name) => (
              <option key={name} value={name}>
                {AGENTS[name].label}
              </option>
            ))}
            <option value="custom">Another command…</option>
          </select>
        </label>
      )}
      {kind === 'agent' && (
        <label>
          {preset ? 'Command line' : 'Agent command'}
          <input
            name="command"
            value={command}
            onChange={(e) => setCommand(e.target.value)}
            placeholder={preset ? AGENTS[preset].command : (prefs.data?.values.agentCommand ?? 'e.g. aider')}
            className="mono"
          />
        </label>
      )}
      {preset && (
        <p className="muted" role="status" data-testid="agent-hooks" data-installed={hooks.data?.[preset] ?? ''}>
          {hooks.data === undefined ? (
            'Checking its hooks…'
          ) : hooks.data[preset] ? (
            <>
              {AGENTS[preset].label}&apos;s hooks report to rdv; Restart resumes its conversation (
              <code>{AGENTS[preset].resumeHint}</code>).
            </>
          ) : (
            <>
              {AGENTS[preset].label}&apos;s hooks for rdv are not installed: rdv reads its state from the
              screen only and cannot resume it after a reboot. Run{' '}
              <code>rdv hooks install --agent {preset}</code> in a terminal.
            </>
          )}
        </p>
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
