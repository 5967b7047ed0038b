import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, crc32 } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createShellFromUi,
  cursorLine,
  launchChromium,
  loggedInPage,
  newContext,
  typeInTerminal,
  waitForPrompt,
  waitForTerminal,
} from '../helpers/browser.ts';
import { hexOf, installKeyReader, withKeyReader } from '../helpers/key-reader.ts';
import { phoneContext } from '../helpers/phone.ts';
import { PROMPT, startStack, type Stack } from '../helpers/stack.ts';
import { allowClipboard } from '../helpers/terminal-mouse.ts';
import { loginCookie, rawRequest } from '../helpers/web-requests.ts';

const KIB = 1024;

/** A real PNG (width × height, RGBA), so the browser's clipboard accepts it as an image. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA
  const rows = Buffer.concat(
    Array.from({ length: height }, (_, y) =>
      Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width * 4 }, (_, i) => (i * 37 + y * 11) % 256))]),
    ),
  );
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Drops files onto the session's terminal as the browser does for a drag from the desktop:
 * dragenter, dragover and drop, carrying a DataTransfer with the files.
 */
async function dropFiles(page: Page, sessionId: string, files: Array<{ name: string; bytes: Buffer; type?: string }>): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    (list) => {
      const transfer = new DataTransfer();
      for (const file of list) {
        const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
        transfer.items.add(new File([bytes], file.name, { type: file.type }));
      }
      return transfer;
    },
    files.map((file) => ({ name: file.name, base64: file.bytes.toString('base64'), type: file.type ?? 'application/octet-stream' })),
  );
  const target = page.locator(`[data-session="${sessionId}"] .xterm-screen`);
  await target.dispatchEvent('dragenter', { dataTransfer });
  await target.dispatchEvent('dragover', { dataTransfer });
  await page.getByTestId('drop-zone').waitFor();
  await target.dispatchEvent('drop', { dataTransfer });
  await page.getByTestId('drop-zone').waitFor({ state: 'detached' });
}

const uploadsOf = (stack: Stack, sessionId: string) => join(stack.home, 'uploads', sessionId);

/**
 * The terminal's text with wrapped rows joined back into their lines: a long upload path wraps
 * on a narrow terminal, and what the program received is one line.
 */
function unwrappedText(page: Page, sessionId: string): Promise<string> {
  return page.evaluate((id) => {
    const term = window.__rdv!.terminals.get(id)!.term as unknown as {
      buffer: {
        active: {
          length: number;
          getLine(i: number): { isWrapped: boolean; translateToString(trim: boolean): string } | undefined;
        };
      };
    };
    const buffer = term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < buffer.length; i += 1) {
      const line = buffer.getLine(i);
      if (!line) continue;
      const text = line.translateToString(true);
      if (line.isWrapped && lines.length) lines[lines.length - 1] += text;
      else lines.push(text);
    }
    return lines.join('\n');
  }, sessionId);
}

/** Waits until the unwrapped terminal text contains `text` (or matches the pattern). */
async function waitForLine(page: Page, sessionId: string, text: string | RegExp, timeout = 20_000): Promise<void> {
  await expect
    .poll(
      async () => {
        const screen = await unwrappedText(page, sessionId);
        return typeof text === 'string' ? screen.includes(text) : text.test(screen);
      },
      { timeout, interval: 50, message: `the terminal never showed ${String(text)}` },
    )
    .toBe(true);
}

/** What the key reader read since it started, as hex (its `hex:` lines, unwrapped). */
async function readerBytes(page: Page, sessionId: string): Promise<string> {
  const screen = await unwrappedText(page, sessionId);
  const since = screen.slice(screen.lastIndexOf('reader-ready'));
  return [...since.matchAll(/^hex:([0-9a-f]+)$/gm)].map((m) => m[1]).join('');
}

describe('files onto a terminal at desktop size (1440x900)', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let sessionId: string;
  let reader: string;

  beforeAll(async () => {
    stack = await startStack({ configToml: '[files]\nupload_max_mb = 1\n' });
    browser = await launchChromium();
    context = await newContext(browser, { width: 1440, height: 900 });
    await allowClipboard(context, stack.baseUrl);
    page = await loggedInPage(context, stack.loginUrl!, stack.baseUrl);
    sessionId = await createShellFromUi(page, PROMPT.trim());
    reader = installKeyReader(stack.userHome);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('a dropped file is uploaded (0600, the same bytes) and its path typed at the prompt, one shell word even with spaces', async () => {
    const content = Buffer.from('dropped notes: line one\nline two\n');
    await typeInTerminal(page, sessionId, 'clear; wc -c ');
    await dropFiles(page, sessionId, [{ name: 'my notes.txt', bytes: content, type: 'text/plain' }]);
    const stored = join(uploadsOf(stack, sessionId), 'my notes.txt');
    // The path reached the shell's line, escaped: bash reads it back as one word.
    await waitForLine(page, sessionId, `wc -c ${stored.replace(/ /g, '\\ ')}`);
    await page.keyboard.press('Enter');
    await waitForLine(page, sessionId, `${content.length} ${stored}`);
    expect(readFileSync(stored)).toEqual(content);
    expect(statSync(stored).mode & 0o777).toBe(0o600);
    expect(statSync(uploadsOf(stack, sessionId)).mode & 0o777).toBe(0o700);
    expect(readdirSync(uploadsOf(stack, sessionId))).toEqual(['my notes.txt']);
  });

  it('several files dropped at once: each uploaded, their paths typed with a space between', async () => {
    await waitForPrompt(page, sessionId, PROMPT);
    await typeInTerminal(page, sessionId, 'clear; cat ');
    await dropFiles(page, sessionId, [
      { name: 'a.txt', bytes: Buffer.from('first-file\n') },
      { name: 'b.txt', bytes: Buffer.from('second-file\n') },
    ]);
    const dir = uploadsOf(stack, sessionId);
    await waitForLine(page, sessionId, `cat ${join(dir, 'a.txt')} ${join(dir, 'b.txt')}`);
    await page.keyboard.press('Enter');
    await waitForTerminal(page, sessionId, /^first-file\nsecond-file$/m);
  });

  it('a pasted clipboard image is uploaded and its path reaches the program as a bracketed paste', async () => {
    await waitForPrompt(page, sessionId, PROMPT);
    const image = png(3, 2);
    // The system clipboard holds an image and no text, as after a screenshot.
    await page.evaluate(async (bytes) => {
      const blob = new Blob([new Uint8Array(bytes)], { type: 'image/png' });
      await navigator.clipboard.write([new ClipboardItem({ 'image/png': blob })]);
    }, [...image]);
    const clipboard = Buffer.from(
      await page.evaluate(async () => {
        const [item] = await navigator.clipboard.read();
        return [...new Uint8Array(await (await item!.getType('image/png')).arrayBuffer())];
      }),
    );
    await withKeyReader(page, sessionId, reader, async () => {
      await page.keyboard.press('Control+V');
      const stored = join(uploadsOf(stack, sessionId), 'image.png');
      // Exactly what Claude Code, Codex and Gemini CLI take as a dropped image: its path, bracketed.
      await expect
        .poll(() => readerBytes(page, sessionId), { timeout: 20_000, interval: 50 })
        .toBe(hexOf(`\x1b[200~${stored}\x1b[201~`));
      expect(readFileSync(stored)).toEqual(clipboard);
      expect(readFileSync(stored).subarray(0, 8)).toEqual(image.subarray(0, 8));
    });
  });

  it('refuses a file over upload_max_mb with a clear message, typing and keeping nothing', async () => {
    await waitForPrompt(page, sessionId, PROMPT);
    const before = readdirSync(uploadsOf(stack, sessionId)).sort();
    await dropFiles(page, sessionId, [{ name: 'big.bin', bytes: Buffer.alloc(1536 * KIB, 7) }]);
    const alert = page.getByRole('alert').filter({ hasText: 'big.bin' });
    await alert.waitFor();
    expect(await alert.innerText()).toContain(
      'big.bin was not uploaded: it is 1.5 MB, more than the limit of 1 MB ([files] upload_max_mb)',
    );
    expect(readdirSync(uploadsOf(stack, sessionId)).sort()).toEqual(before);
    expect(await cursorLine(page, sessionId)).toBe(PROMPT.trimEnd());
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    await alert.waitFor({ state: 'detached' });
  });

  it('a refusal given before the body arrived still reaches the browser, with its reason', async () => {
    // 900 KB sent to a session that does not exist: the daemon answers at once; the browser
    // must read that answer, not a connection cut mid-upload.
    const answer = await page.evaluate(async () => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', '/api/files/upload?session=0123456789abcdef01234567&name=late.bin');
      const done = new Promise<{ status: number; body: string }>((resolve) => {
        xhr.onloadend = () => resolve({ status: xhr.status, body: xhr.responseText });
      });
      xhr.send(new Blob([new Uint8Array(900 * 1024)]));
      return done;
    });
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'NOT_FOUND', message: 'session 0123456789abcdef01234567 not found' } });
  });

  it('shows the progress of a large upload while it goes', async () => {
    await waitForPrompt(page, sessionId, PROMPT);
    const cdp = await context.newCDPSession(page);
    // A slow uplink (~200 KB/s), so 900 KB take a few seconds and the bar can be seen moving.
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 200 * KIB,
    });
    try {
      await typeInTerminal(page, sessionId, 'clear; wc -c ');
      await dropFiles(page, sessionId, [{ name: 'large.bin', bytes: Buffer.alloc(900 * KIB, 1) }]);
      const bar = page.getByRole('progressbar', { name: 'Uploading large.bin' });
      await bar.waitFor();
      const status = page.getByRole('status').filter({ hasText: 'Uploading large.bin' });
      expect(await status.innerText()).toMatch(/of 900 KB/);
      await bar.waitFor({ state: 'detached', timeout: 60_000 });
    } finally {
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      await cdp.detach();
    }
    const stored = join(uploadsOf(stack, sessionId), 'large.bin');
    await waitForLine(page, sessionId, `wc -c ${stored}`);
    await page.keyboard.press('Enter');
    await waitForLine(page, sessionId, `${900 * KIB} ${stored}`);
  });

  it('"Download file…" from the session menu saves the bytes of a file in its working directory', async () => {
    await waitForPrompt(page, sessionId, PROMPT);
    const bytes = Buffer.from([0, 1, 2, 3, 250, 251, 252, 253, 254, 255]);
    writeFileSync(join(stack.userHome, 'report.bin'), bytes);
    const openDialog = async () => {
      const row = page.locator(`[data-session-id="${sessionId}"]`);
      await row.getByRole('button', { name: /actions$/ }).click();
      await page.getByRole('menuitem', { name: 'Download file…' }).click();
      const dialog = page.getByRole('dialog', { name: /^Download a file from/ });
      await dialog.waitFor();
      return dialog;
    };

    let dialog = await openDialog();
    await dialog.getByRole('textbox').fill('../../etc/passwd');
    await dialog.getByRole('button', { name: 'Download' }).click();
    await dialog.getByText('contains ".."; give a path inside the session\'s working directory').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    dialog = await openDialog();
    await dialog.getByRole('textbox').fill('report.bin');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('report.bin');
    expect(readFileSync((await download.path()))).toEqual(bytes);
    await dialog.waitFor({ state: 'detached' });
  });
});

describe('the file routes of the web server', () => {
  let stack: Stack;
  let cookie: string;
  let sessionId: string;
  const upload = (query: string, headers: Record<string, string>, body = 'x') =>
    rawRequest(stack.baseUrl, `/api/files/upload?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', ...headers },
      body,
    });

  beforeAll(async () => {
    stack = await startStack();
    cookie = await loginCookie(stack);
    ({ id: sessionId } = await stack.call<{ id: string }>('mutation', 'sessions.create', { cwd: stack.userHome }));
    writeFileSync(join(stack.userHome, 'page.html'), '<script>alert(1)</script>');
  });
  afterAll(() => stack?.stop());

  it('refuses an upload without a login (401), without an Origin or from another site (403), storing nothing', async () => {
    const query = `session=${sessionId}&name=a.txt`;
    expect((await upload(query, { origin: stack.baseUrl })).status).toBe(401);
    expect((await upload(query, { cookie })).status).toBe(403);
    const crossSite = await upload(query, { cookie, origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(JSON.parse(crossSite.body)).toMatchObject({ error: { message: 'cross-site request refused' } });
    expect(existsSync(uploadsOf(stack, sessionId))).toBe(false);
  });

  it("passes the daemon's answer through: the stored file, or the refusal and its reason", async () => {
    const stored = await upload(`session=${sessionId}&name=plain.txt&extra=1`, { cookie, origin: stack.baseUrl }, 'plain');
    expect(stored.status).toBe(201);
    expect(JSON.parse(stored.body)).toEqual({ path: join(uploadsOf(stack, sessionId), 'plain.txt'), name: 'plain.txt', size: 5 });
    const escape = await upload(`session=${sessionId}&name=${encodeURIComponent('../../x')}`, { cookie, origin: stack.baseUrl });
    expect(escape.status).toBe(400);
    expect(JSON.parse(escape.body)).toEqual({
      error: { code: 'BAD_REQUEST', message: '"../../x" is a path, not a file name: send the name alone (without "/" or "\\")' },
    });
  });

  it('serves a download as an attachment that cannot run as a page, and only to the owner on this site', async () => {
    const path = `/api/files/download?session=${sessionId}&path=page.html`;
    const served = await rawRequest(stack.baseUrl, path, { headers: { cookie } });
    expect(served.status).toBe(200);
    expect(served.body).toBe('<script>alert(1)</script>');
    expect(served.headers).toMatchObject({
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename="page.html"; filename*=UTF-8''page.html`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "script-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    });
    expect((await rawRequest(stack.baseUrl, path)).status).toBe(401);
    expect((await rawRequest(stack.baseUrl, path, { headers: { cookie, 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
  });
});

describe('attaching a file on a phone (390x844, touch)', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let sessionId: string;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium();
    const context = await phoneContext(browser);
    page = await loggedInPage(context, stack.loginUrl!, stack.baseUrl);
    await page.getByRole('button', { name: /^Toggle sidebar/ }).tap();
    sessionId = await createShellFromUi(page, PROMPT.trim());
    await page.locator(`[data-session="${sessionId}"][data-state="live"]`).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('the key bar’s Attach file opens the picker; the chosen file is uploaded and its path typed', async () => {
    await page.locator(`[data-session="${sessionId}"] .xterm`).tap();
    await page.keyboard.type('clear; cat ');
    const attach = page.getByRole('toolbar', { name: 'Terminal keys' }).getByRole('button', { name: 'Attach file', exact: true });
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), attach.tap()]);
    expect(chooser.isMultiple()).toBe(true);
    await chooser.setFiles({ name: 'from-phone.txt', mimeType: 'text/plain', buffer: Buffer.from('sent-from-the-phone\n') });
    const stored = join(uploadsOf(stack, sessionId), 'from-phone.txt');
    await waitForLine(page, sessionId, `cat ${stored}`);
    await page.keyboard.press('Enter');
    await waitForTerminal(page, sessionId, /^sent-from-the-phone$/m);
    expect(readFileSync(stored, 'utf8')).toBe('sent-from-the-phone\n');
  });

  it("closing the session removes what was uploaded to it", async () => {
    expect(existsSync(uploadsOf(stack, sessionId))).toBe(true);
    await stack.call('mutation', 'sessions.close', { id: sessionId });
    await expect.poll(() => existsSync(uploadsOf(stack, sessionId)), { timeout: 10_000 }).toBe(false);
  });
});
