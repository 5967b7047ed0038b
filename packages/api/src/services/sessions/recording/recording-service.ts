import { mkdirSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { NotFoundError } from '../../../errors.ts';
import type { PrismaClient } from '@rdv/db';
import type { z } from 'zod';
import type { ApiLogger } from '../../../types.ts';
import type { recordingGetInput } from '../../../schemas/recordings.ts';
import type { BackgroundTask } from '../../background-task.ts';
import { ownerOf } from '../session-service.ts';
import type { TerminalHubs } from '@rdv/terminal';
import { SessionRecorder } from './session-recorder.ts';

/** How often recordings are started for live sessions that should be recorded and are not. */
export const RECORDING_SYNC_INTERVAL_MS = 2_000;

export interface RecordingSummary {
  sessionId: string;
  name: string;
  status: string;
  /** Whether the session records from now on. */
  enabled: boolean;
  /** Being written now. */
  active: boolean;
  bytes: number;
  modifiedAt: Date;
}

export interface RecordingChunk {
  sessionId: string;
  /** asciicast v2 text; concatenating every page, in order, gives the whole file. */
  text: string;
  offset: number;
  /** Pass as `offset` for the next page; null at the end of the file. */
  nextOffset: number | null;
  /** The file's size when read (it grows while the session records). */
  size: number;
}

/**
 * Session recordings: `<dir>/<sessionId>.cast` (asciicast v2) for every live session whose
 * `recording` flag is set (from the `recording` preference of its folder when it was created,
 * or `recordings.set`). A background sync starts recorders for such sessions (at start-up, after
 * a resume); a recorder ends with its session's stream.
 */
export class RecordingService {
  private readonly recorders = new Map<string, SessionRecorder>();
  readonly syncTask: BackgroundTask;

  constructor(
    private readonly db: PrismaClient,
    private readonly hubs: TerminalHubs,
    private readonly logger: ApiLogger,
    readonly dir: string,
  ) {
    this.syncTask = {
      name: 'session-recording',
      intervalMs: RECORDING_SYNC_INTERVAL_MS,
      runAtStart: true,
      run: () => this.sync(),
    };
  }

  /** Starts a recorder for every active session marked for recording that has none. */
  async sync(): Promise<void> {
    const sessions = await this.db.session.findMany({
      where: { recording: true, status: 'active' },
      select: { id: true, userId: true, name: true, tmuxName: true, cols: true, rows: true },
    });
    for (const session of sessions) this.startRecorder(session);
  }

  /**
   * Starts recording a new session now if it is to be recorded (instead of at the next sync, up
   * to RECORDING_SYNC_INTERVAL_MS later). For SessionService.create to call once the row exists.
   */
  async sessionStarted(sessionId: string): Promise<void> {
    const session = await this.db.session.findFirst({
      where: { id: sessionId, recording: true, status: 'active' },
      select: { id: true, userId: true, name: true, tmuxName: true, cols: true, rows: true },
    });
    if (session) this.startRecorder(session);
  }

  /** Turns a session's recording on or off, from now on. */
  async set(userId: string, sessionId: string, enabled: boolean): Promise<{ sessionId: string; enabled: boolean }> {
    const session = await this.ownSession(userId, sessionId);
    await this.db.session.update({ where: { id: session.id }, data: { recording: enabled } });
    if (enabled && session.status === 'active') this.startRecorder(session);
    if (!enabled) await this.recorders.get(session.id)?.stop();
    return { sessionId: session.id, enabled };
  }

  /** The caller's sessions that have a recording (or are set to record), newest first. */
  async list(userId: string): Promise<RecordingSummary[]> {
    const sessions = await this.db.session.findMany({
      where: { userId },
      select: { id: true, name: true, status: true, recording: true },
      orderBy: { createdAt: 'desc' },
    });
    const summaries = await Promise.all(
      sessions.map(async (session) => {
        const info = await stat(this.fileOf(session.id)).catch(() => null);
        if (!info && !session.recording) return null;
        return {
          sessionId: session.id,
          name: session.name,
          status: session.status,
          enabled: session.recording,
          active: this.recorders.has(session.id),
          bytes: info?.size ?? 0,
          modifiedAt: info?.mtime ?? new Date(0),
        };
      }),
    );
    return summaries.filter((summary): summary is RecordingSummary => summary !== null);
  }

  /** A page of a recording's text (the caller's sessions only). */
  async get(userId: string, input: z.output<typeof recordingGetInput>): Promise<RecordingChunk> {
    const session = await this.ownSession(userId, input.sessionId);
    let handle;
    try {
      handle = await open(this.fileOf(session.id), 'r');
    } catch {
      throw new NotFoundError(`session ${session.id} has no recording`);
    }
    try {
      const { size } = await handle.stat();
      const offset = Math.min(input.offset, size);
      const buffer = Buffer.alloc(Math.min(input.limit, size - offset));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
      const end = offset + bytesRead >= size ? bytesRead : cutPoint(buffer.subarray(0, bytesRead));
      const nextOffset = offset + end >= size ? null : offset + end;
      return { sessionId: session.id, text: buffer.subarray(0, end).toString('utf8'), offset, nextOffset, size };
    } finally {
      await handle.close();
    }
  }

  /** Stops every recorder and waits for the files to close (shutdown). */
  async dispose(): Promise<void> {
    await Promise.all([...this.recorders.values()].map((recorder) => recorder.stop()));
  }

  private startRecorder(session: { id: string; userId: string; name: string; tmuxName: string; cols: number; rows: number }): void {
    if (this.recorders.has(session.id)) return;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const recorder = new SessionRecorder(this.hubs, ownerOf(session, session.userId), this.fileOf(session.id), this.logger, session.name);
    this.recorders.set(session.id, recorder);
    void recorder.done.finally(() => {
      if (this.recorders.get(session.id) === recorder) this.recorders.delete(session.id);
    });
  }

  private async ownSession(userId: string, sessionId: string) {
    const session = await this.db.session.findFirst({
      where: { id: sessionId, userId },
      select: { id: true, userId: true, name: true, status: true, tmuxName: true, cols: true, rows: true },
    });
    if (!session) throw new NotFoundError(`session ${sessionId} not found`);
    return session;
  }

  /** The recording file of a session. Ids are validated (letters, digits, "_", "-"), so the path stays in `dir`. */
  fileOf(sessionId: string): string {
    return join(this.dir, `${sessionId}.cast`);
  }
}

/**
 * Where to end a page that is not the end of the file: after its last newline (whole events),
 * or, for an event longer than a page, at a UTF-8 character boundary.
 */
function cutPoint(buffer: Buffer): number {
  const newline = buffer.lastIndexOf(0x0a);
  if (newline >= 0) return newline + 1;
  let end = buffer.length;
  // Back up over continuation bytes (10xxxxxx) to the start of the last character, and drop it.
  while (end > 0 && ((buffer[end - 1] ?? 0) & 0xc0) === 0x80) end -= 1;
  if (end > 0 && (buffer[end - 1] ?? 0) >= 0xc0) end -= 1;
  return end > 0 ? end : buffer.length;
}
