import { readFileSync, statSync } from 'node:fs';

/**
 * The daemon's service token, read from its file. The daemon writes a new one at every start,
 * so the file is re-read whenever it changes (checked on every use: a stat is microseconds) or
 * after the daemon answered 401.
 */
export class ServiceTokenFile {
  private cached: { token: string; stamp: string } | undefined;

  constructor(private readonly file: string) {}

  /** The current token, or undefined when the daemon has not written one yet. */
  current(): string | undefined {
    let stamp: string;
    try {
      const stat = statSync(this.file);
      stamp = `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
    } catch {
      this.cached = undefined;
      return undefined;
    }
    if (this.cached?.stamp !== stamp) {
      const token = readFileSync(this.file, 'utf8').trim();
      this.cached = token ? { token, stamp } : undefined;
    }
    return this.cached?.token;
  }

  /** Forget the cached token (the daemon refused it). */
  invalidate(): void {
    this.cached = undefined;
  }
}
