// @rdv/terminal: rdv's dedicated tmux server (Tmux) and live session fan-out (TerminalHub).
export { TmuxServer, TMUX_COMMAND_TIMEOUT_MS, SEND_CHUNK_BYTES, DEFAULT_HISTORY_LIMIT } from './tmux.ts';
export { Tmux, type TmuxServersOptions } from './tmux-servers.ts';
export { READY_POLL_INTERVAL_MS, READY_TIMEOUT_MS } from './tmux.ts';
export type { TmuxOptions, NewSessionOptions, TmuxClient } from './tmux.ts';
export { ANY_PANE_DIED_CHANNEL, paneDiedChannel, type CaptureOptions } from './tmux-commands.ts';
export type { TmuxSessionInfo, PaneInfo } from './tmux-formats.ts';
export { TmuxError } from './tmux-error.ts';
export { CHANNEL_CLIENT_FLAGS, type ChannelEvent } from './control-channel.ts';
export { SESSION_PREFIX } from './tmux-args.ts';
export { RDV_SECRET_ENV, withoutRdvSecrets } from './secret-env.ts';

export {
  TerminalHub,
  REPLAY_BUFFER_BYTES,
  DEFAULT_SNAPSHOT_HISTORY_LINES,
} from './terminal-hub.ts';
export type {
  TerminalHubOptions,
  SubscribeOptions,
  TerminalSnapshot,
  HubStats,
} from './terminal-hub.ts';
export { PAUSE_AFTER_SECONDS } from './terminal-hub.ts';
export { PASTE_MIN_CHARS, PASTE_CHUNK_BYTES } from './pane-input.ts';
export { BATCH_MS, BATCH_BYTES } from './output-batcher.ts';
export {
  FLOOD_BYTES,
  FLOOD_WINDOW_MS,
  FLOOD_PREVIEW_MS,
  FLOOD_RECHECK_MS,
  FLOOD_RECHECK_MAX_MS,
  FLOOD_RECHECK_GRACE_MS,
  FLOOD_SUSTAINED_BYTES,
  FLOOD_SUSTAINED_WINDOW_MS,
} from './flood-gate.ts';
export { REAP_NUDGE_MS, shareNudges } from './exit-watcher.ts';
export { SUBSCRIBER_HIGH_WATER, SUBSCRIBER_LOW_WATER, STALL_GRACE_MS } from './flow-control.ts';
export { Subscription, type TerminalEvent } from './subscription.ts';
export {
  SizePolicy,
  MIN_TERMINAL_SIZE,
  MAX_TERMINAL_SIZE,
  type TerminalSize,
} from './size-policy.ts';
export {
  TerminalHubs,
  HUB_IDLE_MS,
  HUB_SWEEP_INTERVAL_MS,
  PANE_RESIZE_WAIT_MS,
  EXIT_SNAPSHOT_HISTORY_LINES,
} from './hub-registry.ts';
export type { HubOwner, HubEndReason, HubRegistryOptions, OwnedTerminal } from './hub-registry.ts';
export { attachStream, CLIENT_HIGH_WATER_BYTES } from './attach-stream.ts';
export type {
  TerminalStreamEvent,
  StreamItem,
  Outbound,
  AttachStreamOptions,
} from './attach-stream.ts';
export { HISTORY_BLOCK_LINES, blockLines, type HistoryBlock } from './pane-history.ts';
export { paneHistories, HISTORY_TIMEOUT_MS, type PaneHistoryOptions } from './pane-history-stream.ts';
