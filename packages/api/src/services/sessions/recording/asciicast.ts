/**
 * asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2/): one JSON header line, then one
 * JSON array per event, `[seconds since start, code, data]`. Players (asciinema-player, the
 * dashboard) read it line by line.
 */
export interface AsciicastHeader {
  version: 2;
  width: number;
  height: number;
  /** Unix time of the start, in seconds. */
  timestamp: number;
  title?: string;
  env?: Record<string, string>;
}

/** `o` output, `r` resize (`"COLSxROWS"`), `m` marker (a label, e.g. where output was skipped). */
export type AsciicastCode = 'o' | 'r' | 'm';

export function headerLine(header: AsciicastHeader): string {
  return `${JSON.stringify(header)}\n`;
}

export function eventLine(seconds: number, code: AsciicastCode, data: string): string {
  // Millisecond precision is what players use; more only makes the file bigger.
  return `${JSON.stringify([Math.round(seconds * 1000) / 1000, code, data])}\n`;
}

/** The header of an existing recording (its first line), or undefined when it is not one. */
export function parseHeader(firstLine: string): AsciicastHeader | undefined {
  try {
    const value = JSON.parse(firstLine) as Partial<AsciicastHeader>;
    if (value.version !== 2 || typeof value.timestamp !== 'number') return undefined;
    if (typeof value.width !== 'number' || typeof value.height !== 'number') return undefined;
    return value as AsciicastHeader;
  } catch {
    return undefined;
  }
}
