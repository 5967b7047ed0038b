/** One column of a human table. */
export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  /** Longer cells are cut with "…". @default no limit */
  maxWidth?: number;
  align?: 'left' | 'right';
}

/** Gap between columns. */
const GAP = '  ';

/**
 * Renders rows as a plain-text table: an upper-case header, columns padded to their widest
 * cell, trailing spaces trimmed. Cells are made safe to print (no control characters), so a
 * hostile name cannot move the cursor or change the terminal's colours.
 */
export function renderTable<Row>(
  columns: ReadonlyArray<Column<Row>>,
  rows: readonly Row[],
): string {
  const cells = rows.map((row) =>
    columns.map((column) => fit(printable(column.value(row)), column.maxWidth)),
  );
  const widths = columns.map((column, i) =>
    Math.max(displayWidth(column.header), ...cells.map((line) => displayWidth(line[i] ?? ''))),
  );
  const line = (values: string[]) =>
    values
      .map((value, i) => {
        const pad = ' '.repeat(Math.max(0, (widths[i] ?? 0) - displayWidth(value)));
        return columns[i]?.align === 'right' ? pad + value : value + pad;
      })
      .join(GAP)
      .trimEnd();
  return (
    [line(columns.map((column) => column.header.toUpperCase())), ...cells.map(line)].join('\n') +
    '\n'
  );
}

/** `key: value` lines with the keys aligned, for one record (`rdv session get`). */
export function renderFields(fields: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(0, ...fields.map(([key]) => key.length));
  return (
    fields
      .map(([key, value]) => `${`${key}:`.padEnd(width + 1)} ${printable(value)}`.trimEnd())
      .join('\n') + '\n'
  );
}

/** Replaces control characters (C0, DEL, C1) with "?"; tabs become a space. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we strip
  return text.replace(/\t/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/** Cuts `text` to `max` columns, ending in "…" when it was longer. */
export function fit(text: string, max: number | undefined): string {
  if (max === undefined || displayWidth(text) <= max) return text;
  let out = '';
  let width = 0;
  for (const ch of text) {
    const w = charWidth(ch);
    if (width + w > max - 1) break;
    out += ch;
    width += w;
  }
  return `${out}…`;
}

/** Columns a string takes in a terminal: wide (CJK, emoji) characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += charWidth(ch);
  return width;
}

function charWidth(ch: string): number {
  const code = ch.codePointAt(0) ?? 0;
  if (code === 0) return 0;
  // Combining marks take no column.
  if (code >= 0x300 && code <= 0x36f) return 0;
  const wide =
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd);
  return wide ? 2 : 1;
}
