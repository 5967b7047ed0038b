import type { Browser, BrowserContext } from 'playwright-core';

/** The phone the dashboard is checked on: 390x844 CSS px (an iPhone 12-15), touch, 3x. */
export const PHONE_VIEWPORT = { width: 390, height: 844 } as const;

/** A fresh browser profile that looks to the page like a phone (touch events, coarse pointer). */
export function phoneContext(
  browser: Browser,
  extra: { permissions?: string[]; baseURL?: string } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    viewport: PHONE_VIEWPORT,
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 3,
    ...extra,
  });
}
