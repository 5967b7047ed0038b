import { BadInputError } from '../../errors.ts';

/**
 * The longest stored name, in UTF-8 bytes. Linux allows 255; a shorter name keeps the typed path
 * readable and leaves room for a de-duplicating suffix.
 */
export const MAX_UPLOAD_NAME_BYTES = 120;
/** Longest extension kept whole when a long name is shortened (`.tar.gz` is two; `.png` one). */
const MAX_EXTENSION_BYTES = 16;
/** What the name of a file that had nothing usable in it becomes. */
const FALLBACK_NAME = 'file';

/**
 * Control characters, line and paragraph separators, and format characters (bidirectional
 * overrides that show `gpj.exe` as `exe.jpg`, zero-width characters): each becomes `_`.
 */
const UNSAFE_CHARACTERS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/**
 * The name an upload is stored under, from the name a browser or the CLI sent. A name that is a
 * path (`/`, `\`, `.` or `..`) or holds NUL is refused (BAD_REQUEST): no client sends one, and
 * writing it anywhere but the session's folder must be impossible. Otherwise the name is made
 * safe rather than refused: control and format characters become `_`, leading dots and spaces
 * go (no hidden `.bashrc`, no `..x` tricks), trailing dots and spaces go, and a long name is
 * shortened (keeping its extension) to MAX_UPLOAD_NAME_BYTES.
 */
export function sanitizeUploadName(raw: string): string {
  if (raw.includes('\0')) throw new BadInputError('a file name cannot contain NUL');
  if (/[\\/]/.test(raw)) {
    throw new BadInputError(
      `"${shown(raw)}" is a path, not a file name: send the name alone (without "/" or "\\")`,
    );
  }
  const trimmed = raw.trim();
  if (trimmed === '.' || trimmed === '..') {
    throw new BadInputError(`"${trimmed}" is not a file name`);
  }
  const cleaned = raw
    .normalize('NFC')
    .replace(UNSAFE_CHARACTERS, '_')
    .replace(/^[\s.]+/u, '')
    .replace(/[\s.]+$/u, '');
  return truncateName(cleaned || FALLBACK_NAME, MAX_UPLOAD_NAME_BYTES);
}

/**
 * The `n`th candidate for a name already taken in the folder: `shot.png`, `shot-2.png`,
 * `shot-3.png`, ... (still within MAX_UPLOAD_NAME_BYTES).
 */
export function candidateName(name: string, n: number): string {
  if (n <= 1) return name;
  const { stem, extension } = splitExtension(name);
  const suffix = `-${n}`;
  const room = MAX_UPLOAD_NAME_BYTES - byteLength(suffix) - byteLength(extension);
  return `${truncateBytes(stem, room)}${suffix}${extension}`;
}

/** `name` cut to `maxBytes` of UTF-8, its extension kept when it is short enough to keep. */
function truncateName(name: string, maxBytes: number): string {
  if (byteLength(name) <= maxBytes) return name;
  const { stem, extension } = splitExtension(name);
  if (extension && byteLength(extension) <= MAX_EXTENSION_BYTES) {
    return `${truncateBytes(stem, maxBytes - byteLength(extension))}${extension}`;
  }
  return truncateBytes(name, maxBytes);
}

/** `archive.tar.gz` → `archive.tar` + `.gz`; a name with no dot past its first character has none. */
function splitExtension(name: string): { stem: string; extension: string } {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return { stem: name, extension: '' };
  return { stem: name.slice(0, dot), extension: name.slice(dot) };
}

/** The longest prefix of `text` that fits `maxBytes` of UTF-8, never splitting a character. */
function truncateBytes(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = byteLength(char);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** A name as a message may quote it: bounded, control characters visible. */
function shown(name: string): string {
  const visible = name.replace(UNSAFE_CHARACTERS, '?');
  return visible.length > 80 ? `${visible.slice(0, 80)}…` : visible;
}
