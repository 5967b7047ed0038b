import { randomBytes } from 'node:crypto';
import { chmod, link, lstat, mkdir, open, readdir, rm, rmdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { formatBytes, type UploadedFile } from '@rdv/contract';
import { BadInputError, InternalError, PayloadTooLargeError, PreconditionError } from '../../errors.ts';
import { candidateName, sanitizeUploadName } from './upload-names.ts';

/** Modes of what the store makes: only the owner reads uploads, as with everything in RDV_HOME. */
export const UPLOAD_DIR_MODE = 0o700;
export const UPLOAD_FILE_MODE = 0o600;
/** `shot.png` … `shot-999.png`; past that the folder is unreasonably full. */
const MAX_NAME_CANDIDATES = 999;
/** What a session id looks like (the API's idSchema): no dots, no separators. */
const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** In-progress files start with a dot, which no stored name does (see sanitizeUploadName). */
const PARTIAL_PREFIX = '.upload-';

/** What an upload sends: its bytes, and the length it declared (Content-Length), if any. */
export interface UploadBody {
  stream: Readable;
  declaredBytes?: number;
  /**
   * Called once every check that needs no byte of the body has passed, just before it is read:
   * where an HTTP client waits for `100 Continue` before sending a body it may not need to send.
   */
  onAccepted?: () => void;
}

/**
 * Session folders of uploaded files: `<dir>/<session id>/<name>`, folders 0700, files 0600. A
 * file is written under a temporary name and linked to its final name only when complete, so a
 * refused upload (too big, empty, cut off) leaves nothing behind, and an existing file is never
 * overwritten (the name is de-duplicated instead).
 */
export class UploadStore {
  constructor(readonly dir: string) {}

  /** The folder of a session's uploads (the id is checked by the caller: letters, digits, `_`, `-`). */
  folderOf(sessionId: string): string {
    if (!SESSION_ID.test(sessionId)) throw new BadInputError(`invalid session id`);
    return path.join(this.dir, sessionId);
  }

  /**
   * Stores `body` as `rawName` in the session's folder. The size is checked before anything is
   * written (the declared length) and again while the bytes arrive, so an upload that lies
   * about its length is cut off at the limit, not after.
   */
  async save(sessionId: string, rawName: string, body: UploadBody, maxBytes: number): Promise<UploadedFile> {
    const name = sanitizeUploadName(rawName);
    if (body.declaredBytes !== undefined) {
      if (body.declaredBytes > maxBytes) throw tooLarge(name, body.declaredBytes, maxBytes);
      if (body.declaredBytes === 0) throw emptyFile(name);
    }
    const folder = this.folderOf(sessionId);
    const created = await this.ensureFolder(folder);
    const partial = path.join(folder, `${PARTIAL_PREFIX}${randomBytes(8).toString('hex')}`);
    let size = 0;
    try {
      const handle = await open(partial, 'wx', UPLOAD_FILE_MODE);
      try {
        // The mode asked for at open passed through the umask; say it once more, exactly.
        await handle.chmod(UPLOAD_FILE_MODE);
        body.onAccepted?.();
        await pipeline(
          limited(body.stream, maxBytes, () => tooLarge(name, undefined, maxBytes), (n) => (size = n)),
          // Closes the handle when it finishes or fails.
          handle.createWriteStream(),
        );
      } finally {
        await handle.close().catch(() => undefined);
      }
      if (size === 0) throw emptyFile(name);
      const stored = await linkUnderFreeName(partial, folder, name);
      return { path: path.join(folder, stored), name: stored, size };
    } catch (error) {
      await unlink(partial).catch(() => undefined);
      if (created) await rmdir(folder).catch(() => undefined);
      throw asUploadError(error);
    } finally {
      await unlink(partial).catch(() => undefined);
    }
  }

  /** Removes a session's folder and everything in it (the session was closed). */
  async remove(sessionId: string): Promise<void> {
    await rm(this.folderOf(sessionId), { recursive: true, force: true });
  }

  /**
   * The session ids that have a folder here: folders named like an id, with the mode the store
   * gives them (0700), so that a sweep never touches anything else someone keeps in the folder.
   */
  async sessionsWithUploads(): Promise<string[]> {
    let entries: string[];
    try {
      entries = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const ids: string[] = [];
    for (const name of entries) {
      if (!SESSION_ID.test(name)) continue;
      const stat = await lstat(path.join(this.dir, name)).catch(() => null);
      if (stat?.isDirectory() && (stat.mode & 0o777) === UPLOAD_DIR_MODE) ids.push(name);
    }
    return ids;
  }

  /** Makes the folder (0700) if needed; true when this call made it. A symlink is refused. */
  private async ensureFolder(folder: string): Promise<boolean> {
    await mkdir(this.dir, { recursive: true, mode: UPLOAD_DIR_MODE });
    let created = true;
    try {
      await mkdir(folder, { mode: UPLOAD_DIR_MODE });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      created = false;
    }
    // Not followed: a symlink put in a session folder's place would send the file elsewhere.
    const stat = await lstat(folder);
    if (!stat.isDirectory()) throw new InternalError(`${folder} is not a folder; remove it and upload again`);
    await chmod(folder, UPLOAD_DIR_MODE);
    return created;
  }
}

/**
 * The body's chunks, failing once more than `maxBytes` arrived. The body is not destroyed when
 * this stops early: an HTTP request's stream is its socket, which must stay open for the answer
 * that says why the upload was refused.
 */
async function* limited(
  body: Readable,
  maxBytes: number,
  refusal: () => Error,
  onSize: (bytes: number) => void,
): AsyncGenerator<Buffer> {
  let size = 0;
  for await (const chunk of body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    size += chunk.length;
    onSize(size);
    if (size > maxBytes) throw refusal();
    yield chunk;
  }
}

/**
 * Links the finished file to `name`, or `name-2`, `name-3`, ... when taken: link() never
 * replaces an existing file, so two uploads of the same name at once both keep their bytes.
 */
async function linkUnderFreeName(partial: string, folder: string, name: string): Promise<string> {
  for (let n = 1; n <= MAX_NAME_CANDIDATES; n++) {
    const candidate = candidateName(name, n);
    try {
      await link(partial, path.join(folder, candidate));
      return candidate;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      // The folder went away under us: the session was closed during the upload.
      if (code === 'ENOENT') throw new PreconditionError('the session was closed during the upload; nothing was kept');
      throw error;
    }
  }
  throw new PreconditionError(`${MAX_NAME_CANDIDATES} files named like "${name}" are there already; nothing was kept`);
}

function tooLarge(name: string, declared: number | undefined, maxBytes: number): PayloadTooLargeError {
  const size = declared === undefined ? 'larger than' : `${formatBytes(declared)}; more than`;
  return new PayloadTooLargeError(
    `"${name}" is ${size} the upload limit of ${formatBytes(maxBytes)} ([files] upload_max_mb); nothing was kept`,
  );
}

function emptyFile(name: string): BadInputError {
  return new BadInputError(`"${name}" is empty; nothing was kept`);
}

/** A stream that ended early (the client went away) as a refusal, not a fault. */
function asUploadError(error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || code === 'ABORT_ERR') {
    return new BadInputError('the upload was cut off before it ended; nothing was kept');
  }
  return error;
}
