import { renameSync, rmSync, statSync } from 'node:fs';
import type { DestinationStream } from 'pino';

/** The part of pino's file destination (sonic-boom) that rotation drives. */
export interface ReopenableDestination extends DestinationStream {
  on(event: 'write', listener: (bytes: number) => void): unknown;
  flush(cb?: (error?: Error) => void): void;
  reopen(file?: string): void;
}

export interface RotationPolicy {
  /** Rotate once the file reaches this many bytes. */
  maxBytes: number;
  /** Rotated copies kept (`server.log.1` is the newest); older ones are deleted. */
  keep: number;
}

/**
 * Size-capped rotation for the log, logrotate style: `server.log` → `server.log.1` → … →
 * `server.log.<keep>`, then sonic-boom reopens `server.log` (its `reopen()` exists for exactly
 * this). Why not pino-roll or rotating-file-stream: pino-roll never writes to the configured
 * name (it writes `server.N.log` plus a `current.log` link, which `rdv server logs` and the
 * documented path would have to chase), and rotating-file-stream closes for good on its first
 * write error, losing the full-disk recovery the logger relies on. Devices (`/dev/full`,
 * `/dev/stderr`) are never rotated. Returns false when rotation does not apply.
 */
export function rotateBySize(
  destination: ReopenableDestination,
  file: string,
  policy: RotationPolicy,
  onError: (error: Error) => void,
): boolean {
  let size: number;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) return false;
    size = stats.size;
  } catch {
    size = 0;
  }
  let rotating = false;
  destination.on('write', (bytes) => {
    size += bytes;
    if (size < policy.maxBytes || rotating) return;
    rotating = true;
    // Everything written so far goes to the file that is about to become `.1`.
    destination.flush(() => {
      try {
        shiftRotatedFiles(file, policy.keep);
        destination.reopen();
        size = 0;
      } catch (error) {
        onError(error as Error);
        // Try again after as many bytes again rather than on every line.
        size = 0;
      } finally {
        rotating = false;
      }
    });
  });
  return true;
}

/** `file.<keep>` is dropped, `file.<n>` becomes `file.<n+1>`, `file` becomes `file.1`. */
export function shiftRotatedFiles(file: string, keep: number): void {
  rmSync(`${file}.${keep}`, { force: true });
  for (let index = keep - 1; index >= 1; index -= 1) {
    try {
      renameSync(`${file}.${index}`, `${file}.${index + 1}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  renameSync(file, `${file}.1`);
}
