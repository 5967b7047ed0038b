import { DEFAULT_DOWNLOAD_MAX_BYTES, DEFAULT_UPLOAD_MAX_BYTES, type UploadedFile } from '@rdv/contract';
import { PreconditionError } from '../../errors.ts';
import type { ApiLogger } from '../../types.ts';
import type { BackgroundTask } from '../background-task.ts';
import type { SessionService } from '../sessions/session-service.ts';
import { openSessionFile, type OpenedSessionFile } from './session-file-reader.ts';
import { UploadStore, type UploadBody } from './upload-store.ts';

/** `[files]` in config.toml. */
export interface FileSettings {
  /** Where uploads go, one folder per session. @default `<home>/uploads` */
  uploadsDir?: string;
  /** @default DEFAULT_UPLOAD_MAX_BYTES (20 MiB) */
  uploadMaxBytes?: number;
  /** @default DEFAULT_DOWNLOAD_MAX_BYTES (100 MiB) */
  downloadMaxBytes?: number;
}

/** The limits as clients see them (the dashboard refuses a too-big file before sending it). */
export interface FileLimits {
  uploadMaxBytes: number;
  downloadMaxBytes: number;
}

/** Sessions whose uploads are kept: the ones that may still run (an exited one may restart). */
const UPLOADABLE_STATUSES = new Set(['active', 'suspended', 'exited']);
/** How often uploads of sessions closed while the daemon was down are looked for. */
export const UPLOAD_SWEEP_INTERVAL_MS = 6 * 3_600_000;

/**
 * Files into a session (uploads, kept per session until it is closed) and out of it (a file of
 * its working directory). Every call is scoped to the caller's sessions: someone else's session
 * is NOT_FOUND, as everywhere.
 */
export class FileService {
  readonly store: UploadStore;
  readonly limits: FileLimits;

  constructor(
    private readonly sessions: Pick<SessionService, 'get' | 'events'>,
    private readonly deps: {
      settings: FileSettings & { uploadsDir: string };
      /** The folders downloads must resolve into (`[worktrees] allowed_roots`). */
      allowedRoots: () => readonly string[];
      logger: ApiLogger;
      /** Ids of the sessions whose uploads must stay (not closed or trashed). */
      keptSessionIds: () => Promise<Set<string>>;
    },
  ) {
    this.store = new UploadStore(deps.settings.uploadsDir);
    this.limits = {
      uploadMaxBytes: deps.settings.uploadMaxBytes ?? DEFAULT_UPLOAD_MAX_BYTES,
      downloadMaxBytes: deps.settings.downloadMaxBytes ?? DEFAULT_DOWNLOAD_MAX_BYTES,
    };
    sessions.events.on('closed', (id) => {
      this.store.remove(id).catch((error: unknown) =>
        deps.logger.warn({ err: error, session: id }, 'could not remove the uploads of a closed session'),
      );
    });
  }

  /** Stores a file for the caller's session; refused for a closed one (its folder is gone). */
  async upload(userId: string, sessionId: string, name: string, body: UploadBody): Promise<UploadedFile> {
    const session = await this.sessions.get(userId, sessionId);
    if (!UPLOADABLE_STATUSES.has(session.status)) {
      throw new PreconditionError(`session ${sessionId} is ${session.status}; files go to sessions that are not closed`);
    }
    return this.store.save(session.id, name, body, this.limits.uploadMaxBytes);
  }

  /** Opens a file of the caller's session's working directory (confined; see openSessionFile). */
  async openDownload(userId: string, sessionId: string, relative: string): Promise<OpenedSessionFile> {
    const session = await this.sessions.get(userId, sessionId);
    return openSessionFile(session.cwd, relative, {
      allowedRoots: this.deps.allowedRoots(),
      maxBytes: this.limits.downloadMaxBytes,
    });
  }

  /**
   * Removes the upload folders of sessions that no longer keep them: closed or trashed while
   * the daemon was down or crashing between the close and the removal, or gone from the database.
   */
  async sweep(): Promise<string[]> {
    const [folders, kept] = await Promise.all([this.store.sessionsWithUploads(), this.deps.keptSessionIds()]);
    const removed: string[] = [];
    for (const id of folders) {
      if (kept.has(id)) continue;
      await this.store.remove(id).catch((error: unknown) =>
        this.deps.logger.warn({ err: error, session: id }, 'could not remove stale uploads'),
      );
      removed.push(id);
    }
    if (removed.length) this.deps.logger.info({ sessions: removed.length }, 'removed uploads of closed sessions');
    return removed;
  }

  /** The sweep at start-up and then every few hours. */
  get sweepTask(): BackgroundTask {
    return {
      name: 'uploads-sweep',
      intervalMs: UPLOAD_SWEEP_INTERVAL_MS,
      runAtStart: true,
      run: async () => {
        await this.sweep();
      },
    };
  }
}
