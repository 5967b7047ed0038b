// `@rdv/contract`: what the daemon, the web server, the dashboard and the CLI must agree on,
// spelt once. No imports at all, so every side (the browser bundle included) may load it.
// Node-only parts have their own subpaths: `@rdv/contract/home` (the files in RDV_HOME) and
// `@rdv/contract/daemon-process` (is a pid a live rdv-server?).
export { CLIENT_ERROR_CODES, isClientError } from './error-codes.ts';
export { folderPathOf, type FolderLink } from './folder-path.ts';
export {
  HOST_NAME_PATTERN,
  HOST_NAME_RULE,
  isHostName,
  qualifiedSessionId,
  splitSessionKey,
  webApiBase,
  WEB_HOST_ROUTE_PREFIX,
} from './hosts.ts';
export {
  DAEMON_FILE_ROUTES,
  DEFAULT_DOWNLOAD_MAX_BYTES,
  DEFAULT_UPLOAD_MAX_BYTES,
  FILE_QUERY,
  formatBytes,
  WEB_FILE_ROUTES,
  type FileRouteError,
  type UploadedFile,
} from './files.ts';
export {
  CLIENT_ADDRESS_HEADER,
  RDV_HEADER_PREFIX,
  SERVICE_TOKEN_HEADER,
  SHARE_VIEWER_HEADER,
} from './headers.ts';
export {
  SHARE_PAGE_PATH,
  streamEventId,
  streamEventSeq,
  unwrapStreamEvent,
  type ShareStreamEvent,
  type TerminalStreamEvent,
} from './terminal-stream.ts';
export {
  decodeClientFrame,
  decodeServerFrame,
  encodeClientFrame,
  encodeServerFrame,
  TERMINAL_CHANNEL_PROTOCOL,
  type ChannelAttachInput,
  type ChannelClientFrame,
  type ChannelServerFrame,
} from './terminal-channel.ts';
export {
  FONT_SIZE_RANGE,
  HISTORY_LIMIT_RANGE,
  isTerminalTheme,
  SCROLLBACK_LINES_RANGE,
  TERMINAL_THEMES,
  type TerminalThemeName,
} from './preference-limits.ts';
export {
  NOTIFICATION_STATE_LABELS,
  NOTIFICATION_STATES,
  WEBHOOK_FORMATS,
  type NotificationState,
  type WebhookFormat,
} from './notifications.ts';
