import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loggedInPage } from '../helpers/browser.ts';
import { phoneContext } from '../helpers/phone.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

interface ManifestIcon {
  src: string;
  sizes: string;
  type: string;
  purpose?: string;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): string {
  expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

describe('installable as an app (PWA)', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium();
    context = await phoneContext(browser);
    page = await loggedInPage(context, stack.loginUrl!, stack.baseUrl);
  });
  afterAll(async () => {
    await browser.close();
    await stack.stop();
  });

  it('links a manifest that is served without login, valid, with 192, 512 and maskable PNG icons', async () => {
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBe('/manifest.webmanifest');
    // No cookie at all: the browser may fetch the manifest and its icons without credentials.
    const response = await fetch(`${stack.baseUrl}${href}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    const manifest = (await response.json()) as {
      name: string;
      short_name: string;
      start_url: string;
      display: string;
      theme_color: string;
      background_color: string;
      icons: ManifestIcon[];
    };
    expect(manifest).toMatchObject({
      short_name: 'rdv',
      start_url: '/',
      display: 'standalone',
      theme_color: expect.stringMatching(/^#[0-9a-f]{6}$/i),
      background_color: expect.stringMatching(/^#[0-9a-f]{6}$/i),
    });
    expect(manifest.name).toMatch(/rdv/);

    const pngs = manifest.icons.filter((icon) => icon.type === 'image/png');
    const seen: string[] = [];
    for (const icon of pngs) {
      const res = await fetch(new URL(icon.src, stack.baseUrl));
      expect({ src: icon.src, status: res.status }).toEqual({ src: icon.src, status: 200 });
      const size = pngSize(Buffer.from(await res.arrayBuffer()));
      expect(size).toBe(icon.sizes);
      seen.push(`${icon.sizes} ${icon.purpose ?? 'any'}`);
    }
    expect(seen).toEqual(
      expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']),
    );
  });

  it('registers a service worker from the dashboard, and it activates', async () => {
    const worker = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return {
        scope: registration.scope,
        script: registration.active?.scriptURL,
        state: registration.active?.state,
      };
    });
    expect(worker).toEqual({
      scope: `${stack.baseUrl}/`,
      script: `${stack.baseUrl}/sw.js`,
      state: 'activated',
    });
  });

  it('caches the app shell but never the API', async () => {
    // Once the worker controls the page, a reload goes through it and fills the shell cache.
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.getByRole('button', { name: /^Toggle sidebar/ }).waitFor();
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
      }
      return urls;
    });
    expect(cached).toContain('/');
    expect(cached.some((path) => path.startsWith('/_next/static/'))).toBe(true);
    expect(cached.filter((path) => path.startsWith('/api/'))).toEqual([]);
  });

  it('shows a favicon on the logged-out page: no 404, the icon it links is served', async () => {
    const logout = await fetch(`${stack.baseUrl}/`, { headers: { accept: 'text/html' } });
    expect(logout.status).toBe(401);
    const html = await logout.text();
    const icon = /<link rel="icon" href="([^"]+)"/.exec(html)?.[1];
    expect(icon).toBe('/icon.svg');
    for (const path of [icon!, '/favicon.ico']) {
      const res = await fetch(`${stack.baseUrl}${path}`);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expect(res.headers.get('content-type')).toMatch(/^image\//);
    }
  });
});
