'use client';

import {
  createContext,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { qualifiedSessionId } from '@rdv/contract';
import type { Insight } from './types';
import { clientOf } from './host-scope';
import { useTRPCClient, type RdvClient } from './trpc';
import { notify, waitingNotification } from './notifications';
import {
  applyInsight,
  applyStatus,
  mergeFleet,
  newStall,
  NOTHING_LIVE,
  sessionLabel,
  stalledSessions,
  startsWaiting,
  updateMachine,
  type FleetLive,
  type InsightStreamEvent,
  type LiveAgentStatus,
  type StatusChangeEvent,
} from './fleet-status';

export type { LiveAgentStatus };

export interface LiveStatusValue {
  /** Agent status by session id, as last reported (hooks or screen heuristics). */
  statuses: ReadonlyMap<string, LiveAgentStatus>;
  /** Open insights by id (newest state), live. */
  insights: ReadonlyMap<string, Insight>;
  /** Sessions with an open stall insight. */
  stalled: ReadonlySet<string>;
  connected: boolean;
}

const LiveStatusContext = createContext<LiveStatusValue>({
  statuses: new Map(),
  insights: new Map(),
  stalled: new Set(),
  connected: false,
});

/** Every machine's state apart, for the views of one machine (a host's sidebar group, a panel). */
const FleetContext = createContext<{
  fleet: FleetLive;
  connected: ReadonlySet<string | null>;
}>({ fleet: new Map(), connected: new Set() });

function unwrap<T>(value: unknown): { id: string | null; data: T } {
  const v = value as { id?: unknown; data?: unknown };
  return typeof v.id === 'string' && v.data && typeof v.data === 'object'
    ? { id: v.id, data: v.data as T }
    : { id: null, data: value as T };
}

/** Where a host's streams got to, so that following it again replays what it missed. */
interface Resume {
  status: string | null;
  insight: string | null;
}

/** One machine's two streams, for as long as it is rendered (a host: while it is connected). */
function MachineFeed(props: {
  host: string | null;
  client: RdvClient;
  resume: Map<string | null, Resume>;
  setFleet: (update: (fleet: FleetLive) => FleetLive) => void;
  setConnected: (host: string | null, connected: boolean) => void;
  sessionName: { current: (key: string) => string };
}) {
  const { host, client, resume, setFleet, setConnected, sessionName } = props;
  useEffect(() => {
    const from = resume.get(host) ?? { status: null, insight: null };
    resume.set(host, from);
    const label = (id: string) => {
      const key = qualifiedSessionId(host, id);
      return { key, name: sessionLabel(sessionName.current(key), host) };
    };
    // This machine's streams start from the current state, as they always did; a host's resume
    // where they stopped when it went away (tRPC itself resumes either over a reconnect).
    const status = client.orchestrators.onStatus.subscribe(
      host === null || from.status === null ? undefined : { lastEventId: from.status },
      {
        onStarted: () => setConnected(host, true),
        onConnectionStateChange: (state) => setConnected(host, state.state === 'pending'),
        onData: (value) => {
          const { id, data: change } = unwrap<StatusChangeEvent>(value);
          if (id) from.status = id;
          setFleet((fleet) => updateMachine(fleet, host, (live) => applyStatus(live, change)));
          if (startsWaiting(change)) {
            const { key, name } = label(change.sessionId);
            const { title, body } = waitingNotification(name, change.message);
            notify(title, body, key);
          }
        },
      },
    );
    const insight = client.orchestrators.onInsight.subscribe(
      host === null || from.insight === null ? undefined : { lastEventId: from.insight },
      {
        onData: (value) => {
          const { id, data: event } = unwrap<InsightStreamEvent>(value);
          if (id) from.insight = id;
          setFleet((fleet) => updateMachine(fleet, host, (live) => applyInsight(live, event)));
          if (newStall(event)) {
            const { key, name } = label(event.insight.sessionId!);
            notify(`${name} looks stalled`, event.insight.message, key);
          }
        },
      },
    );
    return () => {
      status.unsubscribe();
      insight.unsubscribe();
      setConnected(host, false);
    };
  }, [host, client, resume, setFleet, setConnected, sessionName]);
  return null;
}

/**
 * Agent statuses and insights, live for the whole page and every machine: this machine's
 * `orchestrators.onStatus` and `onInsight`, and the same of each connected host through its
 * own client (/api/hosts/<name>/trpc), merged with the host's session ids qualified (see
 * fleet-status.ts for why the page follows the hosts itself). A host's last word stays when it
 * goes away. Also raises the opt-in browser notifications, a host's naming the host.
 */
export function LiveStatusProvider({
  children,
  sessionName,
  hosts = [],
}: {
  children: ReactNode;
  /** A session's name by its dashboard key (`gpu:ID` for a host's). */
  sessionName: (key: string) => string;
  /** The hosts connected now: followed while they are. */
  hosts?: readonly string[];
}) {
  const home = useTRPCClient();
  const [fleet, setFleet] = useState<FleetLive>(() => new Map());
  const [connected, setConnectedSet] = useState<ReadonlySet<string | null>>(() => new Set());
  const nameRef = useRef(sessionName);
  nameRef.current = sessionName;
  const resume = useRef(new Map<string | null, Resume>()).current;
  const setConnected = useMemo(
    () => (host: string | null, on: boolean) =>
      setConnectedSet((prev) => {
        if (prev.has(host) === on) return prev;
        const next = new Set(prev);
        if (on) next.add(host);
        else next.delete(host);
        return next;
      }),
    [],
  );

  const merged = useMemo(() => mergeFleet(fleet), [fleet]);
  const value = useMemo<LiveStatusValue>(
    () => ({ ...merged, connected: connected.has(null) }),
    [merged, connected],
  );
  const machines = useMemo(() => ({ fleet, connected }), [fleet, connected]);

  return (
    <FleetContext.Provider value={machines}>
      <LiveStatusContext.Provider value={value}>
        {[null, ...hosts].map((host) => (
          <MachineFeed
            key={host ?? ''}
            host={host}
            client={clientOf(host, home)}
            resume={resume}
            setFleet={setFleet}
            setConnected={setConnected}
            sessionName={nameRef}
          />
        ))}
        {children}
      </LiveStatusContext.Provider>
    </FleetContext.Provider>
  );
}

/**
 * One machine's statuses with its own (bare) ids, for what is inside its HostScope: a host's
 * sidebar group, a panel on the host. A host away keeps its last-known statuses.
 */
export function MachineLiveStatus({
  host,
  children,
}: {
  host: string | null;
  children: ReactNode;
}) {
  const { fleet, connected } = useContext(FleetContext);
  const live = fleet.get(host) ?? NOTHING_LIVE;
  const on = connected.has(host);
  const value = useMemo<LiveStatusValue>(
    () => ({ ...live, stalled: stalledSessions(live.insights.values()), connected: on }),
    [live, on],
  );
  return <LiveStatusContext.Provider value={value}>{children}</LiveStatusContext.Provider>;
}

export function useLiveStatus(): LiveStatusValue {
  return useContext(LiveStatusContext);
}
