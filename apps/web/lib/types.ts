import type { RouterInputs, RouterOutputs } from '@rdv/api';

// The daemon has no transformer: Date fields arrive as ISO strings, whatever the types say.
export type Session = RouterOutputs['sessions']['list'][number];
export type Folder = RouterOutputs['folders']['list'][number];
export type AgentStatus = NonNullable<Session['agentStatus']>;
export type Insight = RouterOutputs['orchestrators']['insights']['list']['items'][number];

/** What the sidebar's dot shows. */
export type DotStatus =
  'running' | 'waiting' | 'idle' | 'stalled' | 'error' | 'exited' | 'suspended' | 'active';

export const DOT_LABELS: Record<DotStatus, string> = {
  running: 'running',
  waiting: 'waiting for input',
  idle: 'idle',
  stalled: 'stalled',
  error: 'error',
  exited: 'exited',
  suspended: 'suspended',
  active: 'shell',
};

/** A prompt a waiting session's screen shows, answerable from its row (`sessions.answer`). */
export type ScreenPrompt = NonNullable<RouterOutputs['sessions']['prompt']>;
/** Approve, deny, or a typed reply. */
export type PromptAnswer = RouterInputs['sessions']['answer']['answer'];
