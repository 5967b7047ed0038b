import { closeSync, constants, fstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type * as Zlib from 'node:zlib';

/** The cache file: the user's alone. @default 0o600 */
export const CACHE_FILE_MODE = 0o600;
/** The folder the cache is created in, when it is missing. @default 0o700 */
export const CACHE_DIR_MODE = 0o700;
/** First line of a cache file; a new layout gets a new magic, so an old file reads as a miss. */
const MAGIC = 'rdv-code-cache-2';
/** Larger than any bundle's cache; a bigger file is not ours. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * The V8 cache data stored for `key` in `file`, or why there is none. A file is used only when it
 * is a regular file (not a link), owned by this user, readable and writable by no one else, and
 * its header matches: the key (which bundle, which Node) and a CRC-32 of the data, so a torn or
 * corrupted file is never handed to V8's deserializer. A checksum, not a hash: whoever could
 * forge the file (its owner, 0600) could as well change the bundle; CRC-32 took 2.6 ms of a
 * start (2.3 of them loading node:zlib) where SHA-256 took 7.8.
 */
export function readCacheFile(file: string, key: string): { data: Buffer } | { miss: 'absent' | 'unsafe' | 'stale' | 'corrupt' } {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    return { miss: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'absent' : 'unsafe' };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.uid !== process.getuid?.() || (stat.mode & 0o077) !== 0) return { miss: 'unsafe' };
    if (stat.size > MAX_CACHE_BYTES) return { miss: 'corrupt' };
    const bytes = Buffer.allocUnsafe(stat.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return parse(bytes.subarray(0, read), key);
  } finally {
    closeSync(fd);
  }
}

function parse(bytes: Buffer, key: string): { data: Buffer } | { miss: 'stale' | 'corrupt' } {
  // Three header lines: magic, key, the CRC-32 of the data; then the data.
  const ends: number[] = [];
  for (let at = 0; ends.length < 3; at = ends[ends.length - 1]! + 1) {
    const end = bytes.indexOf(0x0a, at);
    if (end < 0 || end > 4096) return { miss: 'corrupt' };
    ends.push(end);
  }
  const [magicEnd, keyEnd, sumEnd] = ends as [number, number, number];
  if (bytes.toString('latin1', 0, magicEnd) !== MAGIC) return { miss: 'corrupt' };
  if (bytes.toString('utf8', magicEnd + 1, keyEnd) !== key) return { miss: 'stale' };
  const data = bytes.subarray(sumEnd + 1);
  if (bytes.toString('latin1', keyEnd + 1, sumEnd) !== checksum(data)) return { miss: 'corrupt' };
  return { data };
}

/**
 * Writes `data` for `key` atomically (a private temporary file renamed over `file`), creating the
 * folder 0700 when missing. Readers see the old file or the new one, never half of one.
 */
export function writeCacheFile(file: string, key: string, data: Buffer): void {
  if (key.includes('\n')) throw new Error('a cache key is one line');
  mkdirSync(dirname(file), { recursive: true, mode: CACHE_DIR_MODE });
  const temp = `${file}.${process.pid}.tmp`;
  // 'wx': a file already there (anyone's) is neither followed nor overwritten; the save fails.
  writeFileSync(temp, Buffer.concat([Buffer.from(`${MAGIC}\n${key}\n${checksum(data)}\n`), data]), { flag: 'wx', mode: CACHE_FILE_MODE });
  try {
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

function checksum(data: Buffer): string {
  // Loaded on first use: `rdv --version` has no cache to check. (zlib.crc32: Node 20.15 and later.)
  const { crc32 } = createRequire(import.meta.url)('node:zlib') as typeof Zlib;
  return crc32(data).toString(16);
}
