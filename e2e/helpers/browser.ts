import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.ts';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
}

/** A fresh browser profile (no cookies) with a desktop-sized window. */
export function newContext(
  browser: Browser,
  viewport = { width: 1280, height: 800 },
): Promise<BrowserContext> {
  return browser.newContext({ viewport });
}

/** What xterm.js holds for a session (the whole buffer, scrollback included), as text. */
export function terminalText(page: Page, sessionId: string): Promise<string> {
  return page.evaluate((id) => window.__rdv?.text(id) ?? '', sessionId);
}

/** Waits until the session's terminal shows `text` (or matches the pattern). */
export async function waitForTerminal(
  page: Page,
  sessionId: string,
  text: string | RegExp,
  timeout = 20_000,
): Promise<string> {
  const source: { s: string } | { r: string; f: string } =
    typeof text === 'string' ? { s: text } : { r: text.source, f: text.flags };
  try {
    const handle = await page.waitForFunction(
      ([id, want]) => {
        const content = window.__rdv?.text(id) ?? '';
        const ok =
          's' in want ? content.includes(want.s) : new RegExp(want.r, want.f).test(content);
        return ok ? content : false;
      },
      [sessionId, source] as const,
      { timeout, polling: 50 },
    );
    return (await handle.jsonValue()) as string;
  } catch (error) {
    throw new Error(
      `the terminal never showed ${String(text)}; its last lines:\n${await screenTail(page, sessionId)}`,
      {
        cause: error,
      },
    );
  }
}

/** The last non-empty lines of a session's terminal, for a failure message. */
async function screenTail(page: Page, sessionId: string, lines = 12): Promise<string> {
  const content = await terminalText(page, sessionId).catch(() => '(page gone)');
  return content
    .trimEnd()
    .split('\n')
    .slice(-lines)
    .map((line) => `  | ${line}`)
    .join('\n');
}

/** The session open in the page (`#session=<id>`). */
export async function activeSessionId(page: Page): Promise<string> {
  await page.waitForFunction(() => /^#session=/.test(location.hash));
  return page.evaluate(() => location.hash.slice('#session='.length));
}

/** Types into the active terminal, as a person would (key events through xterm's textarea). */
export async function typeInTerminal(page: Page, sessionId: string, text: string): Promise<void> {
  await page.locator(`[data-session="${sessionId}"] .xterm`).click();
  await page.keyboard.type(text);
}

declare global {
  interface Window {
    __rdv?: {
      terminals: Map<
        string,
        { term: { cols: number; rows: number }; stats: Record<string, number>; state: () => string }
      >;
      text: (sessionId: string) => string;
    };
    /** The Recordings panel's player (xterm.js). */
    __rdvPlayer?: {
      buffer: {
        active: {
          length: number;
          getLine(i: number): { translateToString(trimRight: boolean): string } | undefined;
        };
      };
    };
  }
}

/** The rows the terminal shows now (from its viewport: scrolled back, or the live screen). */
export function visibleLines(page: Page, sessionId: string): Promise<string[]> {
  return page.evaluate((id) => {
    const term = window.__rdv!.terminals.get(id)!.term as unknown as {
      rows: number;
      buffer: {
        active: {
          viewportY: number;
          getLine(y: number): { translateToString(trim: boolean): string } | undefined;
        };
      };
    };
    const buffer = term.buffer.active;
    const lines: string[] = [];
    for (let row = 0; row < term.rows; row += 1)
      lines.push(buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '');
    return lines;
  }, sessionId);
}

/** The line under xterm's cursor (where a new prompt appears). */
export function cursorLine(page: Page, sessionId: string): Promise<string> {
  return page.evaluate((id) => {
    const handle = window.__rdv?.terminals.get(id) as unknown as
      | {
          term: {
            buffer: {
              active: {
                baseY: number;
                cursorY: number;
                getLine(y: number): { translateToString(trim: boolean): string } | undefined;
              };
            };
          };
        }
      | undefined;
    const buffer = handle?.term.buffer.active;
    return (
      buffer
        ?.getLine(buffer.baseY + buffer.cursorY)
        ?.translateToString(true)
        .trimEnd() ?? ''
    );
  }, sessionId);
}

/** Waits until the line under the cursor is exactly the prompt (the command finished). */
export async function waitForPrompt(
  page: Page,
  sessionId: string,
  prompt: string,
  timeout = 20_000,
): Promise<void> {
  const want = prompt.trimEnd();
  const deadline = Date.now() + timeout;
  while ((await cursorLine(page, sessionId)) !== want) {
    if (Date.now() > deadline) {
      throw new Error(
        `no prompt ${JSON.stringify(prompt)} under the cursor after ${timeout} ms; the last lines:\n${await screenTail(page, sessionId)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Logs a fresh browser context in through the one-time URL and opens the dashboard. */
export async function loggedInPage(
  context: BrowserContext,
  loginUrl: string,
  baseUrl: string,
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(loginUrl);
  await page.waitForURL(`${baseUrl}/`);
  await page.getByRole('button', { name: /^Toggle sidebar/ }).waitFor();
  return page;
}

/** Creates a shell session through the New session dialog and waits for its prompt. */
export async function createShellFromUi(page: Page, prompt: string): Promise<string> {
  await page.getByRole('button', { name: '+ New' }).click();
  const dialog = page.getByRole('dialog', { name: 'New session' });
  await dialog.getByRole('button', { name: 'Create' }).click();
  await dialog.waitFor({ state: 'detached' });
  const id = await activeSessionId(page);
  await waitForTerminal(page, id, prompt);
  return id;
}
