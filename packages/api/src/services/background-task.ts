/**
 * A periodic job a service needs (reconcile, trash clean-up, monitoring). Services declare
 * them; the daemon's BackgroundServices runs them with error isolation and backoff.
 */
export interface BackgroundTask {
  name: string;
  intervalMs: number;
  /** Run once as soon as the services start, instead of after the first interval. */
  runAtStart?: boolean;
  run(signal: AbortSignal): Promise<void>;
}
