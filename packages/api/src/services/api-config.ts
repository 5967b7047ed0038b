import type { FileSettings } from './files/file-service.ts';
import type { NotificationSettings } from './notifications/notification-settings.ts';
import type { MonitoringConfig } from './orchestration/create-orchestration-services.ts';
import type { LimitSettings } from './security/access-guard.ts';
import type { AuditSettings } from './security/audit-service.ts';
import type { RotationSettings } from './security/service-token-rotation.ts';
import type { TrashSettings, WorktreeSettings } from './workspace/create-workspace-services.ts';

/** Settings the services need, mapped by the daemon from config.toml. */
export interface ApiConfig {
  /** RDV_HOME, absolute. */
  home: string;
  /** `[worktrees]`: allowed roots, set-up command. */
  worktrees?: WorktreeSettings;
  /** `[cleanup]`: trash folder, retention, clean-up interval. */
  trash?: TrashSettings;
  /** `[tmux] history_limit`, the default of the historyLimit preference. */
  historyLimit?: number;
  /**
   * How often one tmux census reconciles session rows with tmux (exits, lost sessions) and
   * feeds the status watch (screens that changed). @default STATUS_WATCH_INTERVAL_MS (1 s)
   */
  sessionWatchIntervalMs?: number;
  /** `[monitoring]`: how often the monitor wakes, default stall threshold. */
  monitoring?: MonitoringConfig;
  /** `[limits]`: rate limits, failed-authentication backoff, subscriptions per token. */
  limits?: LimitSettings;
  /** `[audit]`: retention. */
  audit?: AuditSettings;
  /** `[auth]`: service token rotation interval and grace period. */
  rotation?: RotationSettings;
  /** `[notifications]`: link base, states, interval, quiet hours, channels. @default links to 127.0.0.1:4780, no channels */
  notifications?: NotificationSettings;
  /** The VAPID key pair's file. @default `<home>/server/vapid-keys.json` */
  vapidKeysFile?: string;
  /** Where session recordings go. @default `<home>/recordings` */
  recordingsDir?: string;
  /** `[files]`: upload and download limits, the uploads folder. @default 20 MiB, 100 MiB, `<home>/uploads` */
  files?: FileSettings;
}
