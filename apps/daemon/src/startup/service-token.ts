import { randomUUID } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import { generateServiceToken, type ServiceTokenSource } from '@rdv/api';
import { PRIVATE_FILE_MODE } from './home.ts';

/** The in-memory service token; only the daemon and the token file ever hold it. */
export class ServiceToken implements ServiceTokenSource {
  private value: { token: string; id: string; createdAt: Date };

  constructor(private readonly file: string) {
    this.value = this.rotate();
  }

  current(): { token: string; id: string } {
    return this.value;
  }

  /** Generates a new token and replaces the file atomically (write to a temp file, rename). */
  rotate(): { token: string; id: string; createdAt: Date } {
    const next = { token: generateServiceToken(), id: randomUUID(), createdAt: new Date() };
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, `${next.token}\n`, { mode: PRIVATE_FILE_MODE });
    renameSync(temp, this.file);
    this.value = next;
    return next;
  }
}
