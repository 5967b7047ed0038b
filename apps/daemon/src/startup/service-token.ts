import { randomUUID } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import { generateServiceToken, type RotatableServiceToken } from '@rdv/api';
import { PRIVATE_FILE_MODE } from './home.ts';

/**
 * The in-memory service token; only the daemon and the token file ever hold it. A rotation keeps
 * the replaced token as `previous()`, which the API accepts for a grace period, so the web app
 * (which re-reads the file when a call is refused) never fails a call in between.
 */
export class ServiceToken implements RotatableServiceToken {
  private value: { token: string; id: string; createdAt: Date };
  private retired: { token: string; id: string; retiredAtMs: number } | null = null;

  constructor(private readonly file: string) {
    this.value = this.write();
  }

  current(): { token: string; id: string } {
    return this.value;
  }

  previous(): { token: string; id: string; retiredAtMs: number } | null {
    return this.retired;
  }

  /** Replaces the token: the file first (atomically), then memory; the old one becomes `previous()`. */
  rotate(): { id: string; createdAt: Date } {
    const old = this.value;
    this.value = this.write();
    this.retired = { token: old.token, id: old.id, retiredAtMs: Date.now() };
    return { id: this.value.id, createdAt: this.value.createdAt };
  }

  /** Generates a new token and writes the file atomically (write to a temp file, rename). */
  private write(): { token: string; id: string; createdAt: Date } {
    const next = { token: generateServiceToken(), id: randomUUID(), createdAt: new Date() };
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, `${next.token}\n`, { mode: PRIVATE_FILE_MODE });
    renameSync(temp, this.file);
    return next;
  }
}
