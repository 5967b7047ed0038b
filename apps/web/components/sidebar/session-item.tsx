'use client';

import { qualifiedSessionId } from '@rdv/contract';
import { useHost } from '../../lib/host-scope';
import { useLiveStatus } from '../../lib/live-status';
import { useEndedSessionActions } from '../../lib/session-actions';
import { dotStatus } from '../../lib/status';
import { DOT_LABELS, type Session } from '../../lib/types';
import { Menu } from '../ui/menu';
import { AnswerBar } from './answer-bar';
import { useGroupOffline } from './host-group';
import type { SidebarActions } from './sidebar-actions';
import styles from './sidebar.module.css';

/**
 * One session row: its live status dot, for an exited session its exit code with Restart and
 * Close at hand, and for a waiting one Approve / Deny / Reply (AnswerBar). `folderPath` is shown
 * when rows are listed flat (filtered).
 */
export function SessionItem(props: {
  session: Session;
  depth: number;
  activeSessionId: string | null;
  actions: SidebarActions;
  folderPath?: string;
}) {
  const { session, actions } = props;
  const live = useLiveStatus();
  const ended = useEndedSessionActions();
  const status = dotStatus(session, live.statuses, live.stalled);
  const liveStatus = live.statuses.get(session.id);
  const message = liveStatus?.message;
  const exited = session.status === 'exited';
  // Its host is away: the row stays, as last seen, but nothing can be done with it.
  const offline = useGroupOffline();
  // On a host, the session is known by its host-qualified id (`gpu:3f2a…`), as the CLI takes it.
  const host = useHost();
  const shownId = qualifiedSessionId(host, session.id);
  const close = () =>
    // A worktree may go to the trash with it: that choice needs the dialog.
    exited && !session.worktreeId
      ? void ended.close(session.id).catch(() => undefined)
      : actions.closeSession(session);
  return (
    <li
      className={styles.session}
      data-session-id={session.id}
      data-qualified-id={host === null ? undefined : shownId}
      data-status={status}
      data-exit-code={exited ? (session.exitCode ?? '') : undefined}
      data-unreachable={offline || undefined}
    >
      <div
        className={styles.row}
        style={{ paddingLeft: 10 + props.depth * 14 }}
        data-active={props.activeSessionId === session.id}
      >
        <button
          className={styles.open}
          title={
            offline
              ? `${session.name}: its host is unreachable (last seen ${session.status})\n${session.cwd}\n${shownId}`
              : `${session.name}: ${DOT_LABELS[status]}${message ? ` (${message})` : ''}\n${session.cwd}${host === null ? '' : `\n${shownId}`}`
          }
          disabled={offline}
          onClick={() => actions.openSession(session)}
        >
          <span className="dot" data-status={status} role="img" aria-label={DOT_LABELS[status]} />
          <span className={styles.kind}>{session.kind === 'agent' ? '✦' : '$'}</span>
          <span className={styles.name}>
            {session.name}
            {props.folderPath && <span className={styles.path}>{props.folderPath}</span>}
          </span>
          {exited && (
            <span
              className={styles.exitCode}
              data-failed={session.exitCode !== 0}
              title={
                session.exitCode === null
                  ? session.resumable
                    ? 'stopped, resumable: Restart resumes its conversation'
                    : 'ended without an exit status'
                  : `exited with code ${session.exitCode}`
              }
            >
              {session.exitCode === null
                ? session.resumable
                  ? 'resumable'
                  : 'ended'
                : `exit ${session.exitCode}`}
            </span>
          )}
        </button>
        {exited && !offline && (
          <button
            className={styles.restart}
            aria-label={`Restart ${session.name}`}
            title={
              session.resumable
                ? "Resume: the agent's conversation, same folder and working directory"
                : 'Restart: same command, folder and working directory'
            }
            disabled={ended.pending}
            onClick={() => void ended.restart(session.id).catch(() => undefined)}
          >
            ↻
          </button>
        )}
        {!offline && (
          <Menu
            label={`Session ${session.name} actions`}
            items={[
              {
                label: 'Restart',
                onSelect: () => void ended.restart(session.id).catch(() => undefined),
                hidden: !exited,
              },
              { label: 'Rename…', onSelect: () => actions.renameSession(session) },
              { label: 'Move to…', onSelect: () => actions.moveSession(session) },
              { label: 'Review changes', onSelect: () => actions.reviewSession(session) },
              { label: 'Download file…', onSelect: () => actions.downloadFile(session) },
              {
                label: 'Share read-only…',
                onSelect: () => actions.shareSession(session),
                // A link is served by the session's own machine's dashboard, not this one.
                hidden: host !== null,
              },
              {
                label: 'Suspend',
                onSelect: () => actions.suspendSession(session),
                hidden: session.status !== 'active',
              },
              {
                label: 'Resume',
                onSelect: () => actions.resumeSession(session),
                hidden: session.status !== 'suspended',
              },
              { label: exited ? 'Close' : 'Close…', onSelect: close, danger: true },
            ]}
          />
        )}
      </div>
      {liveStatus?.status === 'waiting' && session.status === 'active' && !offline && (
        <AnswerBar
          sessionId={session.id}
          sessionName={session.name}
          prompt={liveStatus.prompt}
          waitingSince={liveStatus.at}
        />
      )}
      {ended.error && (
        <p className={styles.rowError} role="alert">
          {ended.error.message}
        </p>
      )}
    </li>
  );
}
