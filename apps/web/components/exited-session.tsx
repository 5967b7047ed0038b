'use client';

import { AGENTS, isAgentName } from '@rdv/agents';
import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '../lib/format';
import { useEndedSessionActions } from '../lib/session-actions';
import { useTRPC } from '../lib/trpc';
import type { Session } from '../lib/types';
import styles from './exited-session.module.css';

/** Lines of the dead pane shown above the buttons: enough to see why it ended. */
const LAST_OUTPUT_LINES = 40;

/** How an ended session ended, in words. */
export function endedLabel(session: Pick<Session, 'status' | 'exitCode' | 'resumable'>): string {
  if (session.status === 'closed' || session.status === 'trashed') return 'closed';
  // tmux went away (a reboot, a killed server) under an agent whose conversation id rdv knows.
  if (session.exitCode === null && session.resumable) return 'stopped, resumable';
  if (session.exitCode === null) return 'ended without an exit status (killed, or tmux lost it)';
  return `exited with code ${session.exitCode}`;
}

/**
 * The tab of an exited (or closed) session: how it ended, its last output (the dead pane kept
 * until Restart or Close), and Restart, in place of tmux's "Pane is dead".
 */
export function ExitedSession(props: {
  session: Session;
  active: boolean;
  /** The tab closes with the session. */
  onClosed: () => void;
}) {
  const { session } = props;
  const trpc = useTRPC();
  const actions = useEndedSessionActions();
  const exited = session.status === 'exited';
  const last = useQuery({
    ...trpc.sessions.scrollback.queryOptions({ id: session.id, lines: LAST_OUTPUT_LINES }),
    enabled: exited,
    staleTime: Infinity,
  });
  const headingId = `ended-${session.id}`;
  return (
    <section
      className={styles.wrap}
      hidden={!props.active}
      data-session={session.id}
      data-state="exited"
      data-exit-code={session.exitCode ?? ''}
      aria-labelledby={headingId}
    >
      <h2 id={headingId} className={styles.heading}>
        <span className="dot" data-status={session.exitCode ? 'error' : 'exited'} />“{session.name}”{' '}
        {endedLabel(session)}
      </h2>
      <p className={styles.where}>{session.cwd}</p>
      {session.resumable && session.agent && isAgentName(session.agent) && (
        <p className={styles.where} data-testid="resume-note">
          Restart resumes the {AGENTS[session.agent].label} conversation{' '}
          <code>{session.agentSessionId}</code>.
        </p>
      )}
      {exited && last.data && last.data.text !== '' && (
        <pre className={styles.output} aria-label="Last output" tabIndex={0}>
          {last.data.text}
        </pre>
      )}
      <div className={styles.actions}>
        <button
          className="primary"
          disabled={actions.pending}
          onClick={() => void actions.restart(session.id).catch(() => undefined)}
        >
          {session.resumable ? 'Resume' : 'Restart'}
        </button>
        {session.resumable && (
          <button
            disabled={actions.pending}
            title="Start the agent afresh, without its previous conversation"
            onClick={() => void actions.restart(session.id, { fresh: true }).catch(() => undefined)}
          >
            Start fresh
          </button>
        )}
        {exited && (
          <button
            disabled={actions.pending}
            onClick={() =>
              void actions
                .close(session.id)
                .then(props.onClosed)
                .catch(() => undefined)
            }
          >
            Close
          </button>
        )}
      </div>
      {actions.error && (
        <p className="error-text" role="alert">
          {errorMessage(actions.error)}
        </p>
      )}
    </section>
  );
}
