import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { typeInTerminal, waitForPrompt, waitForTerminal } from './browser.ts';
import { PROMPT } from './stack.ts';

/**
 * A program that shows the bytes it reads from its terminal: raw mode (no echo, no line
 * editing), one `hex:` line per read, and it asks for bracketed paste as a shell does. With the
 * argument `mouse` it also asks for the mouse (clicks, SGR encoding), as vim or htop do. `q` quits.
 */
const KEY_READER = `
const mouse = process.argv[2] === 'mouse';
process.stdin.setRawMode(true);
process.stdout.write('\\x1b[?2004h' + (mouse ? '\\x1b[?1000h\\x1b[?1006h' : ''));
process.stdout.write('reader-' + 'ready\\r\\n');
process.stdin.on('data', (bytes) => {
  process.stdout.write('hex:' + bytes.toString('hex') + '\\r\\n');
  if (bytes.toString() === 'q') {
    process.stdout.write('\\x1b[?2004l\\x1b[?1000l\\x1b[?1006l');
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

/**
 * Runs `body` with the reader in the foreground, then quits it (also when `body` failed, so
 * the next test finds a shell).
 */
export async function withKeyReader(
  page: Page,
  sessionId: string,
  command: string,
  body: () => Promise<void>,
): Promise<void> {
  await startKeyReader(page, sessionId, command);
  try {
    await body();
  } finally {
    await page.locator(`[data-session="${sessionId}"] .xterm-helper-textarea`).focus();
    await page.keyboard.press('q');
    await waitForPrompt(page, sessionId, PROMPT);
  }
}

/** Everything the reader has read since it started, as hex. */
export function bytesRead(screen: string): string {
  const since = screen.slice(screen.lastIndexOf('reader-ready'));
  return [...since.matchAll(/^hex:([0-9a-f]+)$/gm)].map((m) => m[1]).join('');
}

/**
 * Waits until what the reader has read, as hex, is exactly `want` (or matches the pattern);
 * fails showing what it read otherwise.
 */
export async function waitForBytes(
  page: Page,
  sessionId: string,
  want: string | RegExp,
  timeout = 20_000,
): Promise<string> {
  const source: { s: string } | { r: string } =
    typeof want === 'string' ? { s: want } : { r: want.source };
  try {
    const handle = await page.waitForFunction(
      ([id, w]) => {
        const screen = window.__rdv?.text(id) ?? '';
        const since = screen.slice(screen.lastIndexOf('reader-ready'));
        const got = [...since.matchAll(/^hex:([0-9a-f]+)$/gm)].map((m) => m[1]).join('');
        return ('s' in w ? got === w.s : new RegExp(w.r).test(got)) ? got : false;
      },
      [sessionId, source] as const,
      { timeout, polling: 50 },
    );
    return (await handle.jsonValue()) as string;
  } catch (error) {
    const screen = await page.evaluate((id) => window.__rdv?.text(id) ?? '', sessionId);
    throw new Error(`the pty read ${bytesRead(screen) || 'nothing'}, not ${String(want)}`, {
      cause: error,
    });
  }
}

export function hexOf(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex');
}
