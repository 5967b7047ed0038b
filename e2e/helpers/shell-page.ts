import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createShellFromUi, launchChromium, loggedInPage, newContext } from './browser.ts';
import { PROMPT, startStack, type Stack } from './stack.ts';

/** The real stack, Chromium, a logged-in dashboard and one shell session open in it. */
export interface ShellPage {
  stack: Stack;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  sessionId: string;
  /** Closes the browser and stops the stack (whatever of them was made). */
  close(): Promise<void>;
}

export async function openShellPage(
  opts: {
    viewport?: { width: number; height: number };
    /** Runs before the login, e.g. to grant the context clipboard permissions. */
    beforeLogin?: (context: BrowserContext, stack: Stack) => Promise<void>;
  } = {},
): Promise<ShellPage> {
  const stack = await startStack();
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await stack.stop();
  };
  try {
    browser = await launchChromium();
    const context = await newContext(browser, opts.viewport);
    await opts.beforeLogin?.(context, stack);
    const page = await loggedInPage(context, stack.loginUrl!, stack.baseUrl);
    const sessionId = await createShellFromUi(page, PROMPT.trim());
    return { stack, browser, context, page, sessionId, close };
  } catch (error) {
    await close();
    throw error;
  }
}
