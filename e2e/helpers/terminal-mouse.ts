import type { BrowserContext, Page } from 'playwright-core';

/** What the tests read from xterm.js in the page (the registry's handle has the whole Terminal). */
interface PageTerminal {
  cols: number;
  rows: number;
  hasSelection(): boolean;
  getSelection(): string;
  buffer: {
    active: {
      viewportY: number;
      baseY: number;
      cursorX: number;
      cursorY: number;
      length: number;
      getLine(y: number):
        | {
            translateToString(trim: boolean): string;
            getCell(x: number): { getChars(): string; getWidth(): number } | undefined;
          }
        | undefined;
    };
  };
}

/** The character under xterm's cursor, its column and its width in cells. */
export function cursorCell(
  page: Page,
  sessionId: string,
): Promise<{ x: number; chars: string; width: number; line: string }> {
  return page.evaluate((id) => {
    const term = window.__rdv!.terminals.get(id)!.term as unknown as PageTerminal;
    const buffer = term.buffer.active;
    const line = buffer.getLine(buffer.baseY + buffer.cursorY);
    const cell = line?.getCell(buffer.cursorX);
    return {
      x: buffer.cursorX,
      chars: cell?.getChars() ?? '',
      width: cell?.getWidth() ?? 0,
      line: line?.translateToString(true) ?? '',
    };
  }, sessionId);
}

/** The text selected in the session's terminal. */
export function selectionOf(page: Page, sessionId: string): Promise<string> {
  return page.evaluate(
    (id) => (window.__rdv!.terminals.get(id)!.term as unknown as PageTerminal).getSelection(),
    sessionId,
  );
}

/**
 * Where `text` is on the terminal's screen (the last line holding it, in the visible rows), in
 * page pixels: the middle of its first and of its last cell.
 */
export async function textOnScreen(
  page: Page,
  sessionId: string,
  text: string,
): Promise<{ from: { x: number; y: number }; to: { x: number; y: number } }> {
  const cell = await page.evaluate(
    ([id, want]) => {
      const term = window.__rdv!.terminals.get(id)!.term as unknown as PageTerminal;
      const buffer = term.buffer.active;
      for (let row = term.rows - 1; row >= 0; row -= 1) {
        const line = buffer.getLine(buffer.viewportY + row)?.translateToString(false) ?? '';
        const col = line.lastIndexOf(want);
        if (col >= 0) return { row, col, cols: term.cols, rows: term.rows };
      }
      return null;
    },
    [sessionId, text] as const,
  );
  if (!cell) throw new Error(`"${text}" is not on the screen`);
  const screen = await page.locator(`[data-session="${sessionId}"] .xterm-screen`).boundingBox();
  if (!screen) throw new Error('the terminal has no screen');
  const width = screen.width / cell.cols;
  const height = screen.height / cell.rows;
  const at = (col: number) => ({
    x: screen.x + (col + 0.5) * width,
    y: screen.y + (cell.row + 0.5) * height,
  });
  return { from: at(cell.col), to: at(cell.col + text.length - 1) };
}

/** Drags the mouse across `text` on the terminal's screen, holding Shift if asked. */
export async function dragOver(
  page: Page,
  sessionId: string,
  text: string,
  { shift = false } = {},
): Promise<void> {
  const { from, to } = await textOnScreen(page, sessionId, text);
  if (shift) await page.keyboard.down('Shift');
  await page.mouse.move(from.x - 3, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, to.y, { steps: 4 });
  await page.mouse.move(to.x + 3, to.y, { steps: 4 });
  await page.mouse.up();
  if (shift) await page.keyboard.up('Shift');
}

/** Lets the page read and write the clipboard (headless Chromium asks for no one's consent). */
export async function allowClipboard(context: BrowserContext, origin: string): Promise<void> {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
}

export function readPageClipboard(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}

export function writePageClipboard(page: Page, text: string): Promise<void> {
  return page.evaluate((t) => navigator.clipboard.writeText(t), text);
}
