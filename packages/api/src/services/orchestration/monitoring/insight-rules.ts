// How the monitor words and grades what it finds. Pure, unit-tested in insight-rules.test.ts.
import type { InsightSeverity } from '../../../schemas/orchestrators.ts';

/** A stall becomes critical after this many thresholds without a change. */
export const STALL_CRITICAL_FACTOR = 3;
/** Waiting for input becomes a warning after this many thresholds. */
export const WAITING_WARNING_FACTOR = 3;
/** Lines of the screen an insight keeps, so a reader sees what the agent shows. */
export const SCREEN_TAIL_LINES = 6;
const SCREEN_TAIL_CHARS = 600;

export function stallSeverity(stalledMs: number, thresholdMs: number): InsightSeverity {
  return stalledMs >= thresholdMs * STALL_CRITICAL_FACTOR ? 'critical' : 'warning';
}

export function waitingSeverity(waitingMs: number, thresholdMs: number): InsightSeverity {
  return waitingMs >= thresholdMs * WAITING_WARNING_FACTOR ? 'warning' : 'info';
}

/** `45s`, `6 min`, `2 h 5 min`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

export function stallMessage(sessionName: string, stalledMs: number, thresholdMs: number): string {
  return `Session "${sessionName}" looks busy but its screen has not changed for ${formatDuration(stalledMs)} (threshold ${formatDuration(thresholdMs)})`;
}

export function waitingMessage(sessionName: string, waitingMs: number): string {
  return `Session "${sessionName}" has been waiting for input for ${formatDuration(waitingMs)}`;
}

/** The last non-blank lines of a screen, bounded. */
export function screenTail(text: string): string {
  const lines = text.split('\n').map((line) => line.replace(/\s+$/, ''));
  while (lines.length && lines.at(-1) === '') lines.pop();
  return lines.slice(-SCREEN_TAIL_LINES).join('\n').slice(-SCREEN_TAIL_CHARS);
}
