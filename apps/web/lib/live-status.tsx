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
import type { AgentStatus, Insight, ScreenPrompt } from './types';
import { useTRPCClient } from './trpc';
import { notify, waitingNotification } from './notifications';

export interface LiveAgentStatus {
  status: AgentStatus;
  at: string;
  message?: string;
  /** While waiting: the prompt on the screen, answerable from the session's row. */
  prompt?: ScreenPrompt;
}

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

interface StatusChangeEvent {
  sessionId: string;
  status: AgentStatus;
  previous: AgentStatus | null;
  at: string;
  source: string;
  message?: string;
  prompt?: ScreenPrompt;
}

interface InsightStreamEvent {
  kind: 'snapshot' | 'created' | 'updated' | 'resolved';
  insight: Insight;
}

function unwrap<T>(value: unknown): T {
  const v = value as { id?: unknown; data?: unknown };
  return (typeof v.id === 'string' && v.data && typeof v.data === 'object' ? v.data : value) as T;
}

/**
 * Agent statuses and insights, live for the whole page: one `orchestrators.onStatus` and one
 * `orchestrators.onInsight` subscription over the WebSocket (resumed with lastEventId by tRPC
 * after a reconnect). Also raises the opt-in browser notifications.
 */
export function LiveStatusProvider({
  children,
  sessionName,
}: {
  children: ReactNode;
  sessionName: (id: string) => string;
}) {
  const client = useTRPCClient();
  const [statuses, setStatuses] = useState<Map<string, LiveAgentStatus>>(() => new Map());
  const [insights, setInsights] = useState<Map<string, Insight>>(() => new Map());
  const [connected, setConnected] = useState(false);
  const nameRef = useRef(sessionName);
  nameRef.current = sessionName;

  useEffect(() => {
    const status = client.orchestrators.onStatus.subscribe(undefined, {
      onStarted: () => setConnected(true),
      onConnectionStateChange: (state) => setConnected(state.state === 'pending'),
      onData: (value) => {
        const change = unwrap<StatusChangeEvent>(value);
        setStatuses((prev) =>
          new Map(prev).set(change.sessionId, {
            status: change.status,
            // A `prompt` event is not a change of status: the wait began when it began.
            at:
              change.source === 'prompt'
                ? (prev.get(change.sessionId)?.at ?? change.at)
                : change.at,
            message: change.message,
            prompt: change.prompt,
          }),
        );
        if (
          change.source !== 'snapshot' &&
          change.status === 'waiting' &&
          change.previous !== 'waiting'
        ) {
          const { title, body } = waitingNotification(
            nameRef.current(change.sessionId),
            change.message,
          );
          notify(title, body, change.sessionId);
        }
      },
    });
    const insight = client.orchestrators.onInsight.subscribe(undefined, {
      onData: (value) => {
        const event = unwrap<InsightStreamEvent>(value);
        setInsights((prev) => {
          const next = new Map(prev);
          if (event.kind === 'resolved' || event.insight.resolvedAt) next.delete(event.insight.id);
          else next.set(event.insight.id, event.insight);
          return next;
        });
        const sessionId = event.insight.sessionId;
        if (event.kind === 'created' && event.insight.type === 'stall_detected' && sessionId) {
          notify(`${nameRef.current(sessionId)} looks stalled`, event.insight.message, sessionId);
        }
      },
    });
    return () => {
      status.unsubscribe();
      insight.unsubscribe();
    };
  }, [client]);

  const value = useMemo<LiveStatusValue>(() => {
    const stalled = new Set<string>();
    for (const insight of insights.values()) {
      if (insight.type === 'stall_detected' && insight.sessionId) stalled.add(insight.sessionId);
    }
    return { statuses, insights, stalled, connected };
  }, [statuses, insights, connected]);

  return <LiveStatusContext.Provider value={value}>{children}</LiveStatusContext.Provider>;
}

export function useLiveStatus(): LiveStatusValue {
  return useContext(LiveStatusContext);
}
