// Agent statuses and insights of every machine, as the open dashboard keeps them. Pure
// functions; the subscriptions that feed them are in live-status.tsx.
//
// Each machine's stream is kept apart, keyed as its own daemon names things (bare ids), and
// merged for the page with a host's ids qualified (`gpu:3f2a…`, the dashboard's session keys).
// Why the dashboard follows each host itself (one `orchestrators.onStatus` / `onInsight` per
// connected host, through /api/hosts/<name>/trpc) rather than the home daemon republishing the
// hosts' events in its own streams: the home's streams feed local consumers (orchestrators, the
// session watch, MCP, its notification gate) that take every id as one of its own sessions, and
// each of them would have to learn to skip `gpu:ID`; the host's stream already carries exactly
// what the page needs (snapshot, replay from lastEventId, prompts), and the page already talks to
// the host for everything else about its sessions. The home daemon follows the hosts only for
// what must work with no page open (web push, ntfy, webhooks: apps/daemon/src/hosts/host-events.ts).
import { qualifiedSessionId } from '@rdv/contract';
import type { AgentStatus, Insight, ScreenPrompt } from './types';

export interface LiveAgentStatus {
  status: AgentStatus;
  at: string;
  message?: string;
  /** While waiting: the prompt on the screen, answerable from the session's row. */
  prompt?: ScreenPrompt;
}

/** One event of `orchestrators.onStatus`. */
export interface StatusChangeEvent {
  sessionId: string;
  status: AgentStatus;
  previous: AgentStatus | null;
  at: string;
  source: string;
  message?: string;
  prompt?: ScreenPrompt;
}

/** One event of `orchestrators.onInsight`. */
export interface InsightStreamEvent {
  kind: 'snapshot' | 'created' | 'updated' | 'resolved';
  insight: Insight;
}

/** One machine's live state, keyed by its own (bare) ids. */
export interface MachineLive {
  statuses: ReadonlyMap<string, LiveAgentStatus>;
  insights: ReadonlyMap<string, Insight>;
}

export const NOTHING_LIVE: MachineLive = { statuses: new Map(), insights: new Map() };

/** Every machine's live state: null is this machine, a name a host of the fleet. */
export type FleetLive = ReadonlyMap<string | null, MachineLive>;

/** A machine's state after one status event of its stream. */
export function applyStatus(live: MachineLive, change: StatusChangeEvent): MachineLive {
  const statuses = new Map(live.statuses).set(change.sessionId, {
    status: change.status,
    // A `prompt` event is not a change of status: the wait began when it began.
    at:
      change.source === 'prompt'
        ? (live.statuses.get(change.sessionId)?.at ?? change.at)
        : change.at,
    message: change.message,
    prompt: change.prompt,
  });
  return { ...live, statuses };
}

/** A machine's state after one insight event of its stream: resolved ones leave. */
export function applyInsight(live: MachineLive, event: InsightStreamEvent): MachineLive {
  const insights = new Map(live.insights);
  if (event.kind === 'resolved' || event.insight.resolvedAt) insights.delete(event.insight.id);
  else insights.set(event.insight.id, event.insight);
  return { ...live, insights };
}

/** The machine's state in the fleet after `update` (a machine not heard from yet starts empty). */
export function updateMachine(
  fleet: FleetLive,
  host: string | null,
  update: (live: MachineLive) => MachineLive,
): FleetLive {
  return new Map(fleet).set(host, update(fleet.get(host) ?? NOTHING_LIVE));
}

/** Sessions with an open stall insight. */
export function stalledSessions(insights: Iterable<Insight>): Set<string> {
  const stalled = new Set<string>();
  for (const insight of insights) {
    if (insight.type === 'stall_detected' && insight.sessionId) stalled.add(insight.sessionId);
  }
  return stalled;
}

/**
 * The whole fleet as one state keyed by the dashboard's session keys: this machine's ids bare,
 * a host's qualified (`gpu:ID`, and its insights' ids and sessions too). A host that went away
 * keeps what it last said: its sessions count for what they were last seen doing until its
 * stream, back, says otherwise.
 */
export function mergeFleet(fleet: FleetLive): MachineLive & { stalled: Set<string> } {
  const statuses = new Map<string, LiveAgentStatus>();
  const insights = new Map<string, Insight>();
  for (const [host, live] of fleet) {
    for (const [id, status] of live.statuses) statuses.set(qualifiedSessionId(host, id), status);
    for (const [id, insight] of live.insights) {
      insights.set(
        qualifiedSessionId(host, id),
        host === null
          ? insight
          : {
              ...insight,
              id: qualifiedSessionId(host, id),
              sessionId: insight.sessionId ? qualifiedSessionId(host, insight.sessionId) : null,
            },
      );
    }
  }
  return { statuses, insights, stalled: stalledSessions(insights.values()) };
}

/** How a session is named where all machines meet: `trainer on gpu`, or just `trainer` at home. */
export function sessionLabel(name: string, host: string | null): string {
  return host === null ? name : `${name} on ${host}`;
}

/** Whether a status event is news worth telling: a session that has just started waiting. */
export function startsWaiting(change: StatusChangeEvent): boolean {
  return (
    change.source !== 'snapshot' && change.status === 'waiting' && change.previous !== 'waiting'
  );
}

/** Whether an insight event is news worth telling: a stall just detected. */
export function newStall(event: InsightStreamEvent): boolean {
  return (
    event.kind === 'created' && event.insight.type === 'stall_detected' && !!event.insight.sessionId
  );
}
