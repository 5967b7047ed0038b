import type { BackgroundTask } from '@rdv/api';
import type { DaemonLogger } from '../logger.ts';

export type { BackgroundTask };

/** Failures back off exponentially up to this factor of the interval. */
export const MAX_BACKOFF_FACTOR = 16;

interface TaskState {
  task: BackgroundTask;
  timer: NodeJS.Timeout | null;
  running: Promise<void> | null;
  consecutiveFailures: number;
  runs: number;
  lastError: string | null;
}

/**
 * Runs background tasks on their own schedules. Runs of one task never overlap (the next run
 * is scheduled when the previous finishes); a throwing task is logged and retried with
 * backoff, and can never take the daemon or the other tasks down.
 */
export class BackgroundServices {
  private readonly states: TaskState[] = [];
  private readonly abort = new AbortController();
  private started = false;

  constructor(private readonly logger: DaemonLogger) {}

  register(task: BackgroundTask): void {
    if (this.started) throw new Error(`cannot register ${task.name} after start`);
    this.states.push({ task, timer: null, running: null, consecutiveFailures: 0, runs: 0, lastError: null });
  }

  start(): void {
    this.started = true;
    for (const state of this.states) {
      if (state.task.runAtStart) this.runNow(state);
      else this.schedule(state, state.task.intervalMs);
    }
  }

  /** Stops scheduling, aborts running tasks and waits for them to return. */
  async stop(): Promise<void> {
    this.abort.abort();
    for (const state of this.states) if (state.timer) clearTimeout(state.timer);
    await Promise.allSettled(this.states.flatMap((state) => (state.running ? [state.running] : [])));
  }

  /** Per-task counters, for health and tests. */
  stats(): Array<{ name: string; runs: number; consecutiveFailures: number; lastError: string | null }> {
    return this.states.map(({ task, runs, consecutiveFailures, lastError }) => ({
      name: task.name,
      runs,
      consecutiveFailures,
      lastError,
    }));
  }

  private schedule(state: TaskState, delayMs: number): void {
    if (this.abort.signal.aborted) return;
    state.timer = setTimeout(() => this.runNow(state), delayMs);
    state.timer.unref();
  }

  private runNow(state: TaskState): void {
    state.timer = null;
    state.running = (async () => {
      try {
        await state.task.run(this.abort.signal);
        state.consecutiveFailures = 0;
        state.lastError = null;
      } catch (error) {
        state.consecutiveFailures += 1;
        state.lastError = (error as Error).message;
        this.logger.error(
          { task: state.task.name, err: error, failures: state.consecutiveFailures },
          'background task failed',
        );
      } finally {
        state.runs += 1;
        state.running = null;
      }
      const factor = Math.min(2 ** state.consecutiveFailures, MAX_BACKOFF_FACTOR);
      this.schedule(state, state.task.intervalMs * (state.consecutiveFailures ? factor : 1));
    })();
  }
}
