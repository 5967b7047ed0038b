import type { LiveAgentStatus } from './live-status';
import type { DotStatus, Session } from './types';

/** What a session's dot shows: its lifecycle first, then a stall, then the agent's own status. */
export function dotStatus(
  session: Pick<Session, 'id' | 'status' | 'exitCode' | 'exitedAt' | 'agentStatus'>,
  live: ReadonlyMap<string, LiveAgentStatus>,
  stalled: ReadonlySet<string>,
): DotStatus {
  if (session.status === 'suspended') return 'suspended';
  if (session.status === 'closed' || session.status === 'trashed' || session.exitedAt)
    return 'exited';
  if (stalled.has(session.id)) return 'stalled';
  const agent = live.get(session.id)?.status ?? session.agentStatus;
  switch (agent) {
    case 'running':
    case 'waiting':
    case 'idle':
    case 'error':
    case 'exited':
      return agent;
    case null:
    case undefined:
      return 'active';
    default:
      return 'active';
  }
}
