// `@rdv/client/daemon`: finding, starting and checking rdv-server. Only node built-ins (no
// undici, no ws), so the CLI's `server` commands load it cheaply.
export {
  DEFAULT_HEALTH_TIMEOUT_MS,
  fetchHealth,
  rawRequest,
  requestHealth,
  type Health,
  type RawResponse,
} from './health.ts';
export {
  DEFAULT_START_TIMEOUT_MS,
  DEFAULT_STOP_TIMEOUT_MS,
  DaemonStartError,
  spawnDaemon,
  startDaemon,
  waitForHealth,
  type DaemonChild,
  type DaemonStartFailure,
  type SpawnDaemonOptions,
  type StartDaemonOptions,
} from './launch.ts';
export { isDaemonProcess, isProcessAlive, readDaemonPid } from './liveness.ts';
