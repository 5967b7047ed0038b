import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { typeInTerminal, waitForTerminal } from './browser.ts';

/**
 * A program that shows the bytes it reads from its terminal: raw mode (no echo, no line
 * editing), one `hex:` line per read, and it asks for bracketed paste as a shell does. `q` quits.
 */
const KEY_READER = `
process.stdin.setRawMode(true);
process.stdout.write('\\x1b[?2004h' + 'reader-' + 'ready\\r\\n');
process.stdin.on('data', (bytes) => {
  process.stdout.write('hex:' + bytes.toString('hex') + '\\r\\n');
  if (bytes.toString() === 'q') {
    process.stdout.write('\\x1b[?2004l');
    process.exit(0);
  }
});
`;

/** Writes the reader into the shells' HOME; returns the command that runs it. */
export function installKeyReader(userHome: string): string {
  const path = join(userHome, 'key-reader.cjs');
  writeFileSync(path, KEY_READER);
  return `${process.execPath} ${path}`;
}

/** Starts the reader in the session's shell (on a cleared screen) and waits until it reads. */
export async function startKeyReader(page: Page, sessionId: string, command: string) {
  await typeInTerminal(page, sessionId, `clear; ${command}\n`);
  await waitForTerminal(page, sessionId, /^reader-ready$/m, 30_000);
}

/** Everything the reader has read since it started, as hex. */
export function bytesRead(screen: string): string {
  const since = screen.slice(screen.lastIndexOf('reader-ready'));
  return [...since.matchAll(/^hex:([0-9a-f]+)$/gm)].map((m) => m[1]).join('');
}

/** Waits until the reader has read exactly `hex` (and fails showing what it read otherwise). */
export async function waitForBytes(
  page: Page,
  sessionId: string,
  hex: string,
  timeout = 20_000,
): Promise<void> {
  try {
    await page.waitForFunction(
      ([id, want]) => {
        const screen = window.__rdv?.text(id) ?? '';
        const since = screen.slice(screen.lastIndexOf('reader-ready'));
        const got = [...since.matchAll(/^hex:([0-9a-f]+)$/gm)].map((m) => m[1]).join('');
        return got === want;
      },
      [sessionId, hex] as const,
      { timeout, polling: 50 },
    );
  } catch (error) {
    const screen = await page.evaluate((id) => window.__rdv?.text(id) ?? '', sessionId);
    throw new Error(`the pty read ${bytesRead(screen) || 'nothing'}, not ${hex}`, {
      cause: error,
    });
  }
}

export function hexOf(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex');
}
