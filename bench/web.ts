// The dashboard in Chromium, against the real stack (`npm start`'s launcher, a temp RDV_HOME):
//   keystroke → glyph   a key event in the page until xterm.js has rendered its echo
//                        (keydown's timeStamp → the onRender after the echo), one key at a time,
//                        at a random point of the frame clock, rdv's pages and ttyd's in turns;
//                        also with an agent waiting in the sidebar (its dot's animation)
//   big cat             `cat` of a large file through daemon → web server → browser → xterm.js:
//                        wall time, and the payload bytes / messages the page received per second,
//                        with the default raw WebSocket pipe (no compression) and with the
//                        relay that offers permessage-deflate ([web] websocket_compression)
//   first load          a logged-in, cold-cache load of the dashboard until the sidebar shows,
//                        and the JavaScript it loads (over the wire and decoded)
//   network back → live the page offline for 1.5 s (a key typed meanwhile), then online: until
//                        the terminal is live again and the key's echo is on screen
//   open a session      a session not yet in a tab, opened from the page, until its prompt shows
//   ttyd                with RDV_BENCH_TTYD=/path/to/ttyd (1.7): keystroke → glyph against ttyd
//                        serving `tmux attach` to the same kind of shell, in the same browser run
// Run: npx tsx bench/web.ts   (BENCH_SAMPLES=300, BENCH_KEY_GAP_MS=100, BENCH_KEY_ROUNDS=4, BENCH_WAITING=1,
//                              BENCH_CAT_MB=50, BENCH_CAT_RUNS=3, BENCH_LOADS=5, BENCH_CUTS=5)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '@rdv/e2e/chromium';
import { PROMPT, startStack, type Stack } from '@rdv/e2e/stack';
import { TERMINAL_CHANNEL_PROTOCOL } from '@rdv/contract';
import { fmt, printRow, summarize } from './lib.ts';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
const CUTS = Number(process.env.BENCH_CUTS ?? 5);
const CAT_MB = Number(process.env.BENCH_CAT_MB ?? 50);
const LOADS = Number(process.env.BENCH_LOADS ?? 5);
const CAT_RUNS = Number(process.env.BENCH_CAT_RUNS ?? 3);
const LINE_RESET = 60;
/** Keystroke → glyph: the pause before each key, plus a random part of a frame (see typeKeys). */
const KEY_GAP_MS = Number(process.env.BENCH_KEY_GAP_MS ?? 100);
const FRAME_MS = 1000 / 60;
/** Keystroke → glyph also on a page whose sidebar shows an agent waiting (BENCH_WAITING=0: not). */
const WAITING = process.env.BENCH_WAITING !== '0';
/** An agent stand-in: busy for a moment, then a question that waits for an answer. */
const STAND_IN_AGENT = `#!/bin/sh
printf 'Working on it (esc to interrupt)\\n'
sleep 1
printf 'Apply the change? (y/n) '
read answer
exec sleep 600
`;
/** Keystroke → glyph: the pages take turns, this many rounds each. */
const KEY_ROUNDS = Number(process.env.BENCH_KEY_ROUNDS ?? 4);
const CHARS = 'abcdefghijklmnopqrstuvwxyz';

interface BenchWindow {
  __rdv?: {
    terminals: Map<string, { term: XtermLike; stats: { bytes: number; messages: number } }>;
  };
  /** The last WebSocket message event's timeStamp (see timeMessages). */
  __benchLastMessageAt?: number;
  __bench?: {
    t0: number | null;
    want: string;
    samples: number[];
    done: number;
    /** Per sample: keydown → WebSocket send, send → message, message → xterm write, write → render (ms). */
    parts: Array<[number, number, number, number]>;
    sentAt: number | null;
    wroteAt: number | null;
    /** The timeStamp of the message the echo's write came in (see timeMessages). */
    messageAt: number | null;
    /** Resolves the wait for the sample in flight (see typeKeys). */
    onDone: (() => void) | null;
  };
}
interface XtermLike {
  textarea?: HTMLTextAreaElement;
  write(data: string | Uint8Array, callback?: () => void): void;
  onRender(cb: () => void): void;
  buffer: {
    active: {
      baseY: number;
      cursorY: number;
      getLine(y: number): { translateToString(trim: boolean): string } | undefined;
    };
  };
}

/** Each login link works once; the web server keeps the current one in RDV_HOME. */
function loginUrl(stack: Stack): string {
  return readFileSync(join(stack.home, 'server/web-login-url'), 'utf8').trim();
}

/**
 * From the page's start, every WebSocket message event's timeStamp (when it reached the page,
 * before any listener ran) is kept: the echo's write follows its message, so send → message is
 * the network and the servers, message → write the page's own work. Before the page's scripts,
 * so it sees sockets opened at load.
 */
async function timeMessages(page: Page): Promise<void> {
  // A string: tsx would wrap a function's named inner functions in a helper the page lacks.
  await page.addInitScript(`{
    const note = (event) => { window.__benchLastMessageAt = event.timeStamp; };
    const listen = WebSocket.prototype.addEventListener;
    WebSocket.prototype.addEventListener = function (...args) {
      if (args[0] === 'message') listen.call(this, 'message', note);
      return listen.apply(this, args);
    };
    const onmessage = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage');
    Object.defineProperty(WebSocket.prototype, 'onmessage', {
      ...onmessage,
      set(handler) {
        onmessage.set.call(this, handler && function (event) { note(event); return handler.call(this, event); });
      },
    });
  }`);
}

async function openShell(
  browser: Browser,
  stack: Stack,
  query = '',
): Promise<{ page: Page; id: string }> {
  const page = await (
    await browser.newContext({ viewport: { width: 1280, height: 800 } })
  ).newPage();
  await timeMessages(page);
  await page.goto(loginUrl(stack));
  await page.waitForURL(`${stack.baseUrl}/`);
  const session = await stack.call<{ id: string }>('mutation', 'sessions.create', {
    kind: 'shell',
    cols: 150,
    rows: 45,
  });
  await page.goto(`${stack.baseUrl}/${query}#session=${session.id}`);
  await page.reload();
  await page.locator(`[data-session="${session.id}"][data-state="live"]`).waitFor();
  await waitForPrompt(page, session.id);
  await page.locator(`[data-session="${session.id}"] .xterm`).click();
  return { page, id: session.id };
}

function waitForPrompt(page: Page, id: string, timeout = 120_000) {
  return page.waitForFunction(
    ([sid, prompt]) => {
      const b = (window as unknown as BenchWindow).__rdv?.terminals.get(sid)?.term.buffer.active;
      return (
        b
          ?.getLine(b.baseY + b.cursorY)
          ?.translateToString(true)
          .trimEnd() === prompt
      );
    },
    [id, PROMPT.trimEnd()] as const,
    { timeout, polling: 20 },
  );
}

/** One page's keystroke probe: what it has typed on its prompt line so far. */
interface KeyTarget {
  label: string;
  page: Page;
  id: string;
  typed: string;
  count: number;
}

/**
 * Installs the keystroke → glyph probe in a page: keydown's timeStamp, the first WebSocket
 * send after it, the first write into xterm after that (the echo), and the render that shows
 * the echo on the prompt line.
 */
async function installKeyProbe(page: Page, id: string): Promise<void> {
  await page.evaluate((sid) => {
    const w = window as unknown as BenchWindow;
    const term = w.__rdv!.terminals.get(sid)!.term;
    const bench: NonNullable<BenchWindow['__bench']> = {
      t0: null,
      want: '',
      samples: [],
      done: 0,
      parts: [],
      sentAt: null,
      wroteAt: null,
      messageAt: null,
      onDone: null,
    };
    w.__bench = bench;
    // On the window, capturing: before xterm's own keydown listener, which may send at once.
    window.addEventListener(
      'keydown',
      (event) => {
        if (event.target !== term.textarea) return;
        bench.t0 = event.timeStamp;
        bench.sentAt = null;
        bench.wroteAt = null;
        bench.messageAt = null;
      },
      { capture: true },
    );
    // Where the time goes: the first WebSocket send after the key, the first write into xterm
    // after that (the echo, parsed by the tRPC client), then the render that shows it.
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the socket as `this`
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (this: WebSocket, data) {
      if (bench.t0 !== null && bench.sentAt === null) bench.sentAt = performance.now();
      send.call(this, data);
    };
    const write = term.write.bind(term);
    term.write = (data, callback) => {
      if (bench.sentAt !== null && bench.wroteAt === null) {
        bench.wroteAt = performance.now();
        bench.messageAt = w.__benchLastMessageAt ?? null;
      }
      write(data, callback);
    };
    term.onRender(() => {
      if (bench.t0 === null) return;
      const b = term.buffer.active;
      const line =
        b
          .getLine(b.baseY + b.cursorY)
          ?.translateToString(true)
          .trimEnd() ?? '';
      if (line.endsWith(bench.want)) {
        const now = performance.now();
        bench.samples.push(now - bench.t0);
        if (bench.sentAt !== null && bench.wroteAt !== null && bench.messageAt !== null) {
          bench.parts.push([
            bench.sentAt - bench.t0,
            bench.messageAt - bench.sentAt,
            bench.wroteAt - bench.messageAt,
            now - bench.wroteAt,
          ]);
        }
        bench.t0 = null;
        bench.done += 1;
        bench.onDone?.();
        bench.onDone = null;
      }
    });
  }, id);
}

/**
 * Types `count` keys one at a time, each after the previous echo is on screen.
 *
 * Chromium runs at most one main frame (requestAnimationFrame, where xterm.js renders) per
 * display interval, so an echo that arrives after this interval's frame has run waits for the
 * next one. Nothing here may start frames of its own: the wait for the echo is a promise that
 * the render resolves, not a poll on requestAnimationFrame, whose frame right after each key
 * made every echo slower than ~5 ms wait a whole extra interval (Chromium traces: rdv's echo
 * written 10 ms after the key was drawn at 21 ms, ttyd's written at 2.3 ms in the polling's frame).
 * And a pause of KEY_GAP_MS plus a random part of a frame comes before each key, as a person's
 * key falls anywhere in the frame, about 100 ms after the last (BENCH_KEY_GAP_MS=0: back to
 * back). Keys 20 ms apart, a burst, find Chromium still drawing the frames it goes on with for an
 * interval or two after one, and the DOM renderer's echoes wait for them (~2.5 ms p50 more).
 */
async function typeKeys(target: KeyTarget, count: number): Promise<void> {
  const { page, id } = target;
  for (let i = 0; i < count; i += 1) {
    if (target.count % LINE_RESET === 0 && target.typed) {
      await page.evaluate(() => ((window as unknown as BenchWindow).__bench!.t0 = null));
      await page.keyboard.press('Control+U');
      await waitForPrompt(page, id);
      target.typed = '';
    }
    const ch = CHARS[target.count % CHARS.length]!;
    target.typed += ch;
    await page.evaluate(
      (want) => ((window as unknown as BenchWindow).__bench!.want = `${'rdv$'} ${want}`.trimEnd()),
      target.typed,
    );
    if (KEY_GAP_MS > 0) await sleep(KEY_GAP_MS + Math.random() * FRAME_MS);
    await page.keyboard.press(ch);
    target.count += 1;
    // Told by the render itself: a wait that polled on requestAnimationFrame (playwright's
    // `polling: 'raf'`) would keep a frame running in every interval and so decide which frame
    // the echo gets.
    await page.evaluate(
      (n) =>
        new Promise<void>((resolve, reject) => {
          const bench = (window as unknown as BenchWindow).__bench!;
          if (bench.done >= n) return resolve();
          const timer = setTimeout(() => reject(new Error(`no echo for key ${n}`)), 10_000);
          bench.onDone = () => {
            clearTimeout(timer);
            resolve();
          };
        }),
      target.count,
    );
  }
}

async function keyResults(page: Page): Promise<{ samples: number[]; breakdown: string }> {
  const { samples, parts } = await page.evaluate(() => {
    const bench = (window as unknown as BenchWindow).__bench!;
    return { samples: bench.samples, parts: bench.parts };
  });
  const median = (i: number) => fmt(summarize(parts.map((p) => p[i]!)).p50);
  const breakdown = `  medians: keydown → WebSocket send ${median(0)} ms, send → echo's message ${median(1)} ms, message → written to xterm ${median(2)} ms, written → rendered ${median(3)} ms`;
  return { samples, breakdown };
}

/**
 * A terminal channel's keep-alive ping (`p`, answered `q` by the daemon) from the page: the
 * browser's network path, the web server's splice and the daemon's socket, without tmux.
 */
async function pingRoundTrips(page: Page, count = 100): Promise<number[]> {
  return page.evaluate(
    async ({ path, protocol, count }) => {
      const ws = new WebSocket(`ws://${location.host}${path}`, protocol);
      await new Promise((resolve, reject) => {
        ws.onopen = resolve;
        ws.onerror = reject;
      });
      const times: number[] = [];
      for (let i = 0; i < count; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 17));
        const sent = performance.now();
        await new Promise<void>((resolve) => {
          ws.onmessage = (event) => {
            if (event.data === 'q') resolve();
          };
          ws.send('p');
        });
        times.push(performance.now() - sent);
      }
      ws.close();
      return times;
    },
    { path: '/api/terminal', protocol: TERMINAL_CHANNEL_PROTOCOL, count },
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function bigCat(page: Page, id: string, file: string) {
  const frames = { bytes: 0, messages: 0 };
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.webSocketFrameReceived', (event: { response: { payloadData: string } }) => {
    frames.bytes += event.response.payloadData.length;
    frames.messages += 1;
  });
  await page.locator(`[data-session="${id}"] .xterm`).click();
  await page.keyboard.type(`clear; cat ${file}; echo CAT-DONE\n`);
  const start = Date.now();
  await page.waitForFunction(
    (sid) => {
      const b = (window as unknown as BenchWindow).__rdv!.terminals.get(sid)!.term.buffer.active;
      for (let y = Math.max(0, b.baseY + b.cursorY - 3); y <= b.baseY + b.cursorY; y += 1) {
        if (b.getLine(y)?.translateToString(true).trimEnd() === 'CAT-DONE') return true;
      }
      return false;
    },
    id,
    { timeout: 300_000, polling: 50 },
  );
  const seconds = (Date.now() - start) / 1000;
  await cdp.detach();
  return { seconds, ...frames };
}

/** The same cat in a session nobody is attached to: what tmux alone takes (the ceiling). */
async function catWithoutBrowser(stack: Stack, file: string): Promise<number> {
  const session = await stack.call<{ id: string }>('mutation', 'sessions.create', {
    kind: 'shell',
    cols: 150,
    rows: 45,
  });
  await stack.call('mutation', 'sessions.exec', {
    id: session.id,
    text: `s=$(date +%s%N); cat ${file}; e=$(date +%s%N); clear; echo "CAT_MS=$(( (e - s) / 1000000 ))"`,
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { text } = await stack.call<{ text: string }>('query', 'sessions.scrollback', {
      id: session.id,
      lines: 50,
    });
    const match = /^CAT_MS=(\d+)$/m.exec(text);
    if (match) {
      await stack.call('mutation', 'sessions.close', { id: session.id });
      return Number(match[1]) / 1000;
    }
    if (Date.now() > deadline) throw new Error('the baseline cat did not finish');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** From the network coming back after a 1.5 s cut until the terminal is live and shows a key typed offline. */
async function networkBackToLive(page: Page, id: string): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < CUTS; i += 1) {
    await page.context().setOffline(true);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await page.keyboard.type(`echo cut-${i}\n`);
    await page.context().setOffline(false);
    const t0 = performance.now();
    await page.waitForFunction(
      ([sid, want]) => {
        const w = window as unknown as BenchWindow & { __rdv: { text(id: string): string } };
        const live =
          (w.__rdv.terminals.get(sid) as unknown as { state(): string }).state() === 'live';
        return live && new RegExp(`^${want}$`, 'm').test(w.__rdv.text(sid));
      },
      [id, `cut-${i}`] as const,
      { polling: 10, timeout: 60_000 },
    );
    samples.push(performance.now() - t0);
    await waitForPrompt(page, id);
  }
  return samples;
}

/** A session that is not in a tab yet, opened from the page: until its prompt is on screen. */
async function openSessionTime(browser: Browser, stack: Stack): Promise<number[]> {
  const { page } = await openShell(browser, stack);
  const samples: number[] = [];
  for (let i = 0; i < CUTS; i += 1) {
    const session = await stack.call<{ id: string }>('mutation', 'sessions.create', {
      kind: 'shell',
    });
    await stack.call('query', 'sessions.scrollback', { id: session.id, lines: 1 }); // it exists
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // its shell has drawn the prompt
    const t0 = Date.now();
    await page.evaluate((sid) => (location.hash = `#session=${sid}`), session.id);
    await waitForPrompt(page, session.id);
    samples.push(Date.now() - t0);
  }
  await page.context().close();
  return samples;
}

/**
 * ttyd 1.7 serving `tmux attach` to a shell like rdv's, on loopback, in the same browser: the
 * same keydown → render measure on ttyd's own xterm.js (`window.term`).
 */
async function openTtyd(
  browser: Browser,
  stack: Stack,
  ttyd: string,
): Promise<{ page: Page; stop: () => void }> {
  const { spawn, execFileSync } = await import('node:child_process');
  const socket = join(stack.home, 'ttyd-tmux.sock');
  const rc = join(stack.userHome, '.bashrc');
  execFileSync('tmux', [
    '-S',
    socket,
    '-f',
    '/dev/null',
    'new-session',
    '-d',
    '-s',
    't',
    '-x',
    '150',
    '-y',
    '45',
    'bash',
    '--rcfile',
    rc,
  ]);
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(
    ttyd,
    ['-i', 'lo', '-p', String(port), '-W', 'tmux', '-S', socket, 'attach', '-t', 't'],
    { stdio: 'ignore' },
  );
  const stop = () => {
    child.kill();
    execFileSync('tmux', ['-S', socket, 'kill-server']);
  };
  try {
    const page = await (
      await browser.newContext({ viewport: { width: 1280, height: 800 } })
    ).newPage();
    await timeMessages(page);
    for (let i = 0; ; i += 1) {
      try {
        await page.goto(`http://127.0.0.1:${port}/`);
        break;
      } catch (error) {
        if (i > 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    await page.waitForFunction(() => (window as unknown as { term?: unknown }).term !== undefined);
    await page.evaluate(() => {
      const w = window as unknown as { term: XtermLike; __rdv: unknown };
      // The same shape the rdv measure reads, around ttyd's terminal.
      w.__rdv = { terminals: new Map([['ttyd', { term: w.term }]]) };
    });
    await waitForPrompt(page, 'ttyd');
    await page.locator('.xterm').click();
    return { page, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

async function firstLoad(browser: Browser, stack: Stack) {
  const loads: Array<{
    ready: number;
    dcl: number;
    jsWire: number;
    jsDecoded: number;
    scripts: number;
  }> = [];
  for (let i = 0; i < LOADS; i += 1) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const login = await context.newPage();
    await login.goto(loginUrl(stack));
    await login.waitForURL(`${stack.baseUrl}/`);
    await login.close();
    // Each login link works once; the server leaves the next one in RDV_HOME.
    stack.loginUrl = readFileSync(join(stack.home, 'server/web-login-url'), 'utf8').trim();
    const page = await context.newPage(); // same cookie, cold HTTP cache (new context)
    await page.goto(stack.baseUrl);
    await page.getByRole('button', { name: 'All sessions' }).waitFor();
    loads.push(
      await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        const scripts = (
          performance.getEntriesByType('resource') as PerformanceResourceTiming[]
        ).filter((r) => r.name.endsWith('.js'));
        return {
          ready: performance.now(),
          dcl: nav.domContentLoadedEventEnd,
          jsWire: scripts.reduce((sum, r) => sum + r.transferSize, 0),
          jsDecoded: scripts.reduce((sum, r) => sum + r.decodedBodySize, 0),
          scripts: scripts.length,
        };
      }),
    );
    await context.close();
  }
  return loads;
}

async function main(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
  const stacks: Stack[] = [];
  try {
    const stack = await startStack();
    stacks.push(stack);
    const file = join(stack.userHome, 'big.txt');
    const line =
      'drwxr-xr-x  2 someone staff     4096 Jan  1 12:00 a-typical-file-name-from-ls-lR.txt\n';
    writeFileSync(file, line.repeat(Math.ceil((CAT_MB * 1024 * 1024) / line.length)));

    console.log(
      `Chromium ${browser.version()} headless (--disable-gpu: WebGL runs on SwiftShader, on the CPU)`,
    );
    await keystrokeToGlyph(stack);
    // Each part below can be left out with its count set to 0 (BENCH_CUTS, BENCH_CAT_RUNS, BENCH_LOADS).
    if (CUTS > 0) {
      const { page, id } = await openShell(browser, stack);
      printRow(
        `network back → live (1.5 s cut, ${CUTS} cuts)`,
        summarize(await networkBackToLive(page, id)),
      );
      await page.context().close();
    }
    if (LOADS > 0) {
      printRow(
        'open a session not yet in a tab → prompt shown',
        summarize(await openSessionTime(browser, stack)),
      );
    }
    if (CAT_RUNS > 0) await catVariants(stack, file, line);
    if (LOADS > 0) await firstLoads(stack);
  } finally {
    await browser.close();
    for (const stack of stacks) await stack.stop();
  }

  /**
   * Keystroke → glyph on rdv (WebGL, DOM) and ttyd, all open at once and measured in turns
   * (KEY_ROUNDS rounds), so a load that comes and goes on a shared machine falls on each alike.
   */
  async function keystrokeToGlyph(stack: Stack): Promise<void> {
    const targets: KeyTarget[] = [];
    const stops: Array<() => void> = [];
    try {
      for (const query of ['', '?renderer=dom']) {
        const { page, id } = await openShell(browser, stack, query);
        const renderer = await page.locator(`[data-session="${id}"]`).getAttribute('data-renderer');
        targets.push({ label: `rdv, ${renderer} renderer`, page, id, typed: '', count: 0 });
      }
      if (WAITING) {
        // A second home whose sidebar shows an agent waiting for an answer (a pulsing dot).
        const waiting = await startStack();
        stacks.push(waiting);
        const script = join(waiting.userHome, 'stand-in-agent.sh');
        writeFileSync(script, STAND_IN_AGENT, { mode: 0o755 });
        await waiting.call('mutation', 'sessions.create', {
          name: 'asker',
          kind: 'agent',
          command: script,
        });
        const { page, id } = await openShell(browser, waiting);
        await page.locator('.dot[data-status="waiting"]').first().waitFor({ timeout: 60_000 });
        await page.locator(`[data-session="${id}"] .xterm`).click();
        targets.push({
          label: 'rdv webgl, agent waiting',
          page,
          id,
          typed: '',
          count: 0,
        });
      }
      const ttyd = process.env.RDV_BENCH_TTYD;
      if (ttyd) {
        const { page, stop } = await openTtyd(browser, stack, ttyd);
        stops.push(stop);
        targets.push({ label: 'ttyd 1.7 → tmux attach', page, id: 'ttyd', typed: '', count: 0 });
      } else console.log('ttyd: skipped (set RDV_BENCH_TTYD to a ttyd 1.7 binary to compare)');
      for (const target of targets) await installKeyProbe(target.page, target.id);
      const perRound = Math.ceil(SAMPLES / KEY_ROUNDS);
      for (let round = 0; round < KEY_ROUNDS; round += 1) {
        for (const target of targets) {
          await target.page.bringToFront();
          await typeKeys(target, Math.min(perRound, SAMPLES - target.count));
        }
      }
      console.log(
        KEY_GAP_MS > 0
          ? `keys ${KEY_GAP_MS} ms + a random part of a frame apart, ${KEY_ROUNDS} rounds in turns`
          : `keys back to back (BENCH_KEY_GAP_MS=0), ${KEY_ROUNDS} rounds in turns`,
      );
      for (const target of targets) {
        const { samples, breakdown } = await keyResults(target.page);
        printRow(`keystroke → glyph (${target.label})`, summarize(samples));
        console.log(breakdown);
      }
      printRow('  page → web server → daemon → page, a channel ping (no tmux)', summarize(await pingRoundTrips(targets[0]!.page)));
    } finally {
      for (const target of targets) await target.page.context().close();
      for (const stop of stops) stop();
    }
  }

  async function catVariants(stack: Stack, file: string, line: string): Promise<void> {
    console.log(
      `cat ${CAT_MB} MB, no browser attached: ${fmt(await catWithoutBrowser(stack, file))} s (tmux alone)`,
    );
    const deflate = await startStack({ configToml: '[web]\nwebsocket_compression = true\n' });
    stacks.push(deflate);
    const variants: Array<[string, Stack, string]> = [
      ['raw pipe, no compression, webgl', stack, ''],
      ['raw pipe, no compression, dom', stack, '?renderer=dom'],
      ['relay + permessage-deflate, webgl', deflate, ''],
      ['relay + permessage-deflate, dom', deflate, '?renderer=dom'],
    ];
    for (const [label, target, query] of variants) {
      const bigFile = join(target.userHome, 'big.txt');
      writeFileSync(bigFile, line.repeat(Math.ceil((CAT_MB * 1024 * 1024) / line.length)));
      const runs: Array<Awaited<ReturnType<typeof bigCat>>> = [];
      for (let run = 0; run < CAT_RUNS; run += 1) {
        const { page, id } = await openShell(browser, target, query);
        runs.push(await bigCat(page, id, bigFile));
        await page.context().close();
      }
      // The run with the median time; the machine is shared, so single runs scatter.
      const r = [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)]!;
      console.log(
        `cat ${CAT_MB} MB, ${label.padEnd(34)} ${fmt(r.seconds)} s (${fmt(CAT_MB / r.seconds)} MB/s of file; runs ${runs.map((x) => fmt(x.seconds)).join(', ')} s);` +
          ` page got ${fmt(r.bytes / 1e6)} MB in ${r.messages} msgs: ${fmt(r.bytes / 1e6 / r.seconds)} MB/s, ${Math.round(r.messages / r.seconds)} msg/s`,
      );
    }
  }

  async function firstLoads(stack: Stack): Promise<void> {
    const loads = await firstLoad(browser, stack);
    const ready = summarize(loads.map((l) => l.ready));
    printRow('first load → sidebar shown (cold cache)', ready);
    printRow('first load → DOMContentLoaded', summarize(loads.map((l) => l.dcl)));
    const last = loads.at(-1)!;
    console.log(
      `dashboard JavaScript: ${last.scripts} files, ${fmt(last.jsWire / 1024)} KiB over the wire, ${fmt(last.jsDecoded / 1024)} KiB decoded`,
    );
  }
}

await main();
