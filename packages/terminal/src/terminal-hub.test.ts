import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { attachStream } from './attach-stream.ts';
import { PASTE_MIN_CHARS } from './pane-input.ts';
import { REPLAY_BUFFER_BYTES, TerminalHub } from './terminal-hub.ts';
import { SUBSCRIBER_HIGH_WATER } from './flow-control.ts';
import type { Tmux } from './tmux-servers.ts';
import { createScreen, type Screen } from './testing/screen.ts';
import {
  collect,
  startTestServer,
  trimLines,
  waitUntil,
  type TestServer,
} from './testing/tmux-server.ts';

let server: TestServer;
let tmux: Tmux;
const hubs: TerminalHub[] = [];

beforeAll(async () => {
  server = await startTestServer();
  tmux = server.tmux;
});
afterEach(() => {
  for (const hub of hubs.splice(0)) hub.dispose();
});
afterAll(async () => {
  await server.cleanup();
});

async function openHub(
  name: string,
  options: { cols?: number; rows?: number; historyLimit?: number; floodBytes?: number } = {},
) {
  const { cols = 80, rows = 24, floodBytes } = options;
  await server.session(name, options);
  const hub = await TerminalHub.open({ tmux, name, cols, rows, floodBytes });
  hubs.push(hub);
  return hub;
}

/** Waits until the hub's stream has been quiet for `quietMs`. */
async function quiesce(hub: TerminalHub, quietMs = 150): Promise<void> {
  let seq = -1;
  let since = Date.now();
  await waitUntil(
    () => {
      if (hub.currentSeq !== seq) {
        seq = hub.currentSeq;
        since = Date.now();
      }
      return Date.now() - since >= quietMs;
    },
    { what: 'a quiet stream', timeoutMs: 20_000, intervalMs: 10 },
  );
}

/** Feeds every output event of a subscription into an xterm.js screen. */
function render(
  screen: Screen,
  subscription: ReturnType<TerminalHub['subscribe']>,
  afterEachChunk?: () => void,
) {
  let writes = Promise.resolve();
  const seen: string[] = [];
  const done = (async () => {
    for await (const event of subscription) {
      if (event.type !== 'output') continue;
      seen.push(event.data);
      writes = writes.then(() => screen.write(event.data)).then(afterEachChunk);
    }
  })();
  return { seen, done, flushed: () => writes };
}

/** A fresh screen the way a client starts: a snapshot, then the output after it. */
async function attachScreen(hub: TerminalHub, afterEachChunk?: () => void) {
  const snapshot = await hub.snapshot({ historyLines: 0 });
  const screen = createScreen(snapshot.cols, snapshot.rows);
  await screen.write(snapshot.data);
  return { screen, view: render(screen, hub.subscribe({ after: snapshot.seq }), afterEachChunk) };
}

/** Output as a program wrote it, without escape sequences and carriage returns. */
const plain = (text: string) =>
  // eslint-disable-next-line no-control-regex -- escape sequences start with ESC
  text.replace(/\x1b\[[0-9;?]*[A-Za-z]|\r/g, '');

/**
 * Checks, after every chunk, that the screen shows `seq` output in order: the numbers on screen
 * increase from top to bottom, and the top one never goes back. (tmux sends screen updates, not
 * the raw stream: when output outruns its client it skips frames, so not every number is ever
 * on screen; the bottom line may be one tmux has only partly drawn, so it is not checked.)
 */
function seqOrderChecker(screen: Screen) {
  let top = 0;
  let checks = 0;
  return {
    check() {
      const numbers = screen
        .visibleLines()
        .filter((l) => /^\d+$/.test(l))
        .map(Number)
        .slice(0, -1);
      checks++;
      for (let i = 1; i < numbers.length; i++) expect(numbers[i]).toBeGreaterThan(numbers[i - 1]!);
      if (numbers.length === 0) return;
      expect(numbers[0]).toBeGreaterThanOrEqual(top);
      top = numbers[0]!;
    },
    get checks() {
      return checks;
    },
  };
}

/** Asserts the xterm screen shows exactly what tmux has on the pane (retrying while it settles). */
async function expectScreenMatchesPane(screen: Screen, name: string, flushed: () => Promise<void>) {
  await waitUntil(
    async () => {
      await flushed();
      const pane = trimLines(await tmux.capturePane(name));
      return JSON.stringify(screen.visibleLines()) === JSON.stringify(pane);
    },
    { what: 'the xterm screen to match capture-pane', timeoutMs: 5_000 },
  ).catch(async (error: unknown) => {
    expect(screen.visibleLines()).toEqual(trimLines(await tmux.capturePane(name)));
    throw error;
  });
}

describe('TerminalHub', () => {
  it('streams a command’s output', async () => {
    const hub = await openHub('rdv-hello');
    const sub = collect(hub.subscribe());
    await hub.write('echo hello-$((6*7))\r');
    await waitUntil(() => sub.text().includes('hello-42'), { what: 'hello-42' });
  });

  it('gives two subscribers identical output', async () => {
    const hub = await openHub('rdv-two');
    const a = collect(hub.subscribe());
    const b = collect(hub.subscribe());
    await hub.write('seq 1 3000; echo end-$((1+1))\r');
    await waitUntil(() => a.text().includes('end-2'), { what: 'end-2' });
    await quiesce(hub);
    expect(a.lastSeq()).toBe(hub.currentSeq);
    expect(b.text()).toBe(a.text());
    expect(b.events).toEqual(a.events);
  });

  it('resumes after a seq with exactly the missing output', async () => {
    const hub = await openHub('rdv-resume');
    const full = collect(hub.subscribe({ after: 0 }));
    await hub.write('seq 1 500; echo first-$((1+1))\r');
    await waitUntil(() => full.text().includes('first-2'), { what: 'first batch' });
    const outputs = full.events.flatMap((e) => (e.type === 'output' ? [e] : []));
    const cut = outputs[Math.floor(outputs.length / 2)]!.seq;

    await hub.write('seq 1000 1500; echo second-$((1+1))\r');
    await waitUntil(() => full.text().includes('second-2'), { what: 'second batch' });
    const resumed = hub.subscribe({ after: cut });
    expect(resumed.needsSnapshot).toBe(false);
    const rest = collect(resumed);
    await hub.write('echo more-$((2+2))\r');
    await waitUntil(() => rest.text().includes('more-4'), { what: 'live output after the replay' });
    await quiesce(hub);

    expect(full.text().length).toBe(hub.currentSeq);
    expect(rest.text()).toBe(full.text().slice(cut));
    const restSeqs = rest.events.flatMap((e) => (e.type === 'output' ? [e.seq] : []));
    expect(restSeqs[0]! > cut).toBe(true);
    expect(new Set(restSeqs).size).toBe(restSeqs.length);

    expect(hub.subscribe({ after: cut + 1 }).needsSnapshot).toBe(true); // not a boundary
    expect(hub.subscribe({ after: hub.currentSeq + 10 }).needsSnapshot).toBe(true); // future
  });

  it('with flood control off, renders `seq 1 200000` into xterm.js exactly as tmux shows it', async () => {
    const hub = await openHub('rdv-seq', {
      historyLimit: 200_100,
      floodBytes: Number.POSITIVE_INFINITY,
    });
    let check = () => undefined as void;
    const { screen, view } = await attachScreen(hub, () => check());
    const order = seqOrderChecker(screen);
    check = () => order.check();
    const startedAt = Date.now();
    await hub.write('seq 1 200000; echo done-$((1+1))\r');
    await waitUntil(() => view.seen.join('').includes('done-2'), {
      what: 'done-2',
      timeoutMs: 30_000,
    });
    const elapsed = Date.now() - startedAt;
    await quiesce(hub);
    await expectScreenMatchesPane(screen, 'rdv-seq', view.flushed);
    expect(screen.visibleLines().slice(-4)).toEqual(['199999', '200000', 'done-2', '$']);

    expect(order.checks).toBeGreaterThan(0); // the order held after every chunk
    // The pane's own bytes, not redrawn screens: every line is in the stream, once, in order.
    const lines = plain(view.seen.join('')).split('\n');
    const first = lines.indexOf('1');
    expect(lines.slice(first, first + 200_000)).toEqual(
      Array.from({ length: 200_000 }, (_, i) => String(i + 1)),
    );
    // Complete: every line is in tmux's history, in order (what a snapshot would replay).
    const history = trimLines(await tmux.capturePane('rdv-seq', { lines: 200_100 }));
    const start = history.indexOf('1');
    expect(history.slice(start, start + 200_000)).toEqual(
      Array.from({ length: 200_000 }, (_, i) => String(i + 1)),
    );
    const streamed = view.seen.join('').length;
    console.info(`seq 1 200000: ${elapsed} ms, ${view.seen.length} chunks, ${streamed} chars`);
    screen.dispose();
  }, 60_000);

  it('in a flood shows the screen instead of every byte, then resyncs to what tmux has', async () => {
    // A low threshold, so that even a loaded machine's `seq` is a flood for it.
    const hub = await openHub('rdv-flood', { historyLimit: 200_100, floodBytes: 64 * 1024 });
    // A client as the dashboard is one: each snapshot (a flood's preview, the resync after it)
    // replaces the terminal, output is appended.
    let screen = createScreen(80, 24);
    let writes = Promise.resolve();
    const kinds = new Set<string>();
    let outputChars = 0;
    const controller = new AbortController();
    const client = (async () => {
      for await (const { data: event } of attachStream(hub, {
        historyLines: 1_000,
        signal: controller.signal,
      })) {
        kinds.add(event.type);
        if (event.type === 'snapshot') {
          const next = createScreen(event.cols, event.rows);
          const old = screen;
          writes = writes.then(() => {
            old.dispose();
            screen = next;
            return next.write(event.data);
          });
        } else if (event.type === 'output') {
          outputChars += event.data.length;
          writes = writes.then(() => screen.write(event.data));
        }
      }
    })();
    await waitUntil(() => kinds.has('snapshot'), { what: 'the first snapshot' });
    await hub.write('seq 1 200000; echo done-$((1+1))\r');
    await waitUntil(
      async () => trimLines(await tmux.capturePane('rdv-flood')).slice(-2).join() === 'done-2,$',
      { what: 'done-2 in the pane', timeoutMs: 30_000 },
    );
    await waitUntil(
      async () => {
        await writes;
        return (
          !hub.stats().flooding &&
          JSON.stringify(screen.visibleLines()) ===
            JSON.stringify(trimLines(await tmux.capturePane('rdv-flood')))
        );
      },
      { what: 'the screen to match the pane after the flood', timeoutMs: 10_000 },
    );
    console.info(`flood: ${hub.stats().floods} floods, ${outputChars} chars streamed`);
    expect(hub.stats().floods).toBeGreaterThanOrEqual(1);
    // The stream was skipped, not delivered: far less than the 1.3 MB `seq` wrote.
    expect(outputChars).toBeLessThan(700_000);
    // The history is tmux's own lines, every one in order: the last 1,000 before done-2.
    const lines = [...screen.scrollbackLines(), ...screen.visibleLines()];
    const end = lines.indexOf('200000');
    expect(lines.slice(end - 999, end + 1)).toEqual(
      Array.from({ length: 1_000 }, (_, i) => String(199_001 + i)),
    );
    controller.abort();
    await client;
    screen.dispose();
  }, 60_000);

  it('keeps CJK and emoji intact', async () => {
    const hub = await openHub('rdv-utf8');
    const { screen, view } = await attachScreen(hub);
    const text = '日本語テキスト 한국어 中文 café 🙂🚀';
    await hub.write(`printf '%s\\n' '${text}'\r`);
    await waitUntil(() => view.seen.join('').includes(text), { what: 'the text' });
    await quiesce(hub);
    expect(trimLines(await tmux.capturePane('rdv-utf8'))).toContain(text);
    await expectScreenMatchesPane(screen, 'rdv-utf8', view.flushed);
    screen.dispose();
  });

  it('writes 1 MB of input through the pty without loss', async () => {
    const hub = await openHub('rdv-input');
    const path = join(server.dir, 'input.bin');
    await hub.write(`stty -echo; cat > ${path}; stty echo\r`);
    await waitUntil(async () => (await stat(path).catch(() => null)) !== null, {
      what: 'cat to start',
    });
    const line = `${'0123456789abcdefghijklmnopqrstuvwxyz'.repeat(3)}é€\n`; // < 4 KB tty line limit
    const data = line.repeat(Math.ceil((1024 * 1024) / Buffer.byteLength(line)));
    await hub.write(data);
    await hub.write('\x04');
    const expected = Buffer.byteLength(data);
    await waitUntil(async () => (await stat(path)).size === expected, {
      what: '1 MB in the file',
      timeoutMs: 30_000,
    });
    const hash = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
    expect(hash(await readFile(path))).toBe(hash(data));
  }, 60_000);

  it('bounds memory with a stalled subscriber while another gets the whole stream', async () => {
    // How much tmux sends depends on how fast it runs (it skips frames under load), so use
    // watermarks the stream surely crosses: ~100-200 KB for `seq 1 200000` at 80x24.
    const highWater = 32 * 1024;
    await server.session('rdv-stall');
    const hub = await TerminalHub.open({
      tmux,
      name: 'rdv-stall',
      cols: 80,
      rows: 24,
      highWater,
      lowWater: 8 * 1024,
      // Flow control of the whole stream (a flood would stop the stream instead).
      floodBytes: Number.POSITIVE_INFINITY,
    });
    hubs.push(hub);
    const stalled = hub.subscribe(); // never pulls
    let check = () => undefined as void;
    const { screen, view } = await attachScreen(hub, () => check());
    const order = seqOrderChecker(screen);
    check = () => order.check();
    let maxBuffered = 0;
    const sampler = setInterval(
      () => (maxBuffered = Math.max(maxBuffered, hub.stats().bufferedBytes)),
      1,
    );
    const startedAt = Date.now();
    await hub.write('seq 1 200000; echo done-$((1+1))\r');
    await waitUntil(() => view.seen.join('').includes('done-2'), {
      what: 'done-2',
      timeoutMs: 30_000,
    });
    const elapsed = Date.now() - startedAt;
    await quiesce(hub);
    clearInterval(sampler);

    await expectScreenMatchesPane(screen, 'rdv-stall', view.flushed);
    expect(screen.visibleLines().slice(-3)).toEqual(['200000', 'done-2', '$']);
    const stats = hub.stats();
    console.info(
      `stalled subscriber: ${elapsed} ms, ${stats.pauses} pauses, max buffered ${maxBuffered}`,
    );
    expect(stats.pauses).toBeGreaterThanOrEqual(1);
    expect(stats.lags).toBe(1);
    // Replay buffer + at most one subscriber queue above high water + one batch in flight.
    expect(maxBuffered).toBeLessThanOrEqual(
      REPLAY_BUFFER_BYTES + SUBSCRIBER_HIGH_WATER + 128 * 1024,
    );
    expect(stalled.queuedBytes).toBe(0);
    expect(stalled.lagging).toBe(true);

    // The stalled subscriber learns it must resync, takes a snapshot and continues live.
    expect(await stalled.next()).toEqual({ type: 'resync' });
    const snapshot = await hub.snapshot({ historyLines: 100 });
    const caughtUp = createScreen(snapshot.cols, snapshot.rows);
    await caughtUp.write(snapshot.data);
    const live = render(caughtUp, stalled);
    await hub.write('echo after-resync-$((3+4))\r');
    await waitUntil(() => live.seen.join('').includes('after-resync-7'), { what: 'live output' });
    await quiesce(hub);
    await expectScreenMatchesPane(caughtUp, 'rdv-stall', live.flushed);
    screen.dispose();
    caughtUp.dispose();
  }, 60_000);

  it('snapshot + output after its seq rebuilds history, screen, cursor and modes', async () => {
    const hub = await openHub('rdv-snap', { cols: 60, rows: 12 });
    await hub.write('seq 1 100; printf "\\033[32mgreen\\033[0m\\n\\033[?1002h\\033[?1006h"\r');
    await waitUntil(async () => trimLines(await tmux.capturePane('rdv-snap')).at(-1) === '$', {
      what: 'prompt',
    });
    await quiesce(hub);

    const snapshot = await hub.snapshot({ historyLines: 1_000 });
    expect(snapshot).toMatchObject({ cols: 60, rows: 12 });
    expect(snapshot.data).toContain('\x1b[?1002h'); // the program's mouse modes, set long before
    expect(snapshot.data).toContain('\x1b[?1006h');
    expect(snapshot.data).toContain('\x1b[?2004h'); // bash's bracketed paste
    const screen = createScreen(snapshot.cols, snapshot.rows);
    await screen.write(snapshot.data);
    const view = render(screen, hub.subscribe({ after: snapshot.seq }));
    await quiesce(hub);
    await expectScreenMatchesPane(screen, 'rdv-snap', view.flushed);
    expect(screen.scrollbackLines()).toEqual(expect.arrayContaining(['1', '2', '50']));
    const info = await tmux.paneInfo('rdv-snap');
    expect(screen.cursor()).toEqual({ x: info.cursorX, y: info.cursorY });

    await hub.write('echo next-$((5+5))\r');
    await waitUntil(() => view.seen.join('').includes('next-10'), { what: 'next-10' });
    await quiesce(hub);
    await expectScreenMatchesPane(screen, 'rdv-snap', view.flushed);
    screen.dispose();
  });

  it('snapshots a full-screen program on the alternate screen with the normal screen behind it', async () => {
    const hub = await openHub('rdv-alt', { cols: 60, rows: 12 });
    await hub.write('seq 1 30; printf "\\033[?1049h\\033[HALT-SCREEN"; sleep 60\r');
    await waitUntil(async () => (await tmux.capturePane('rdv-alt')).includes('ALT-SCREEN'), {
      what: 'the alternate screen',
    });
    await quiesce(hub);
    const snapshot = await hub.snapshot({ historyLines: 1_000 });
    const screen = createScreen(snapshot.cols, snapshot.rows);
    await screen.write(snapshot.data);
    expect(screen.visibleLines()[0]).toBe('ALT-SCREEN');
    // Leaving the alternate screen shows the normal one, with its history, as tmux has it.
    await screen.write('\x1b[?1049l');
    const normal = screen.visibleLines().concat(screen.scrollbackLines());
    expect(normal).toEqual(expect.arrayContaining(['1', '15', '30']));
    screen.dispose();
  });

  it('types input literally: tmux formats, separators and quotes reach the program as bytes', async () => {
    const hub = await openHub('rdv-literal');
    const sub = collect(hub.subscribe());
    const tricky = `#{session_name} #(touch pwn) ; \\ " ' $HOME ~ é`;
    await hub.write(`od -An -c <<'EOF'\r${tricky}\rEOF\r`);
    await waitUntil(() => sub.text().includes('\\n'), { what: 'od output' });
    await quiesce(hub);
    const screen = trimLines(await tmux.capturePane('rdv-literal')).join('\n');
    expect(screen).toContain('#   {   s   e   s   s   i   o   n   _');
    expect(screen).toContain('#   (   t   o   u   c   h');
    expect(screen).toContain('$   H   O   M   E       ~     303 251');
    expect(await stat(join(server.dir, 'pwn')).catch(() => null)).toBeNull();
  });

  it('pastes literally too: a paste that starts with - and holds formats and quotes', async () => {
    const hub = await openHub('rdv-literal-paste');
    const path = join(server.dir, 'paste-literal.txt');
    await hub.write(`stty -echo; cat > ${path}; stty echo\r`);
    await waitUntil(async () => (await stat(path).catch(() => null)) !== null, { what: 'cat' });
    const text = `-li #{session_name} #(touch pwn2) ; \\ " ' $HOME ~ é ${'x'.repeat(80)}\n`;
    expect(text.length).toBeGreaterThanOrEqual(PASTE_MIN_CHARS);
    await hub.write(text);
    await hub.write('\x04');
    await waitUntil(async () => (await readFile(path, 'utf8')) === text, { what: 'the paste in the file' });
    expect(await stat(join(server.dir, 'pwn2')).catch(() => null)).toBeNull();
  });

  it('skips input it has already applied for a client (a resend after a reconnect)', async () => {
    const hub = await openHub('rdv-dedup');
    const sub = collect(hub.subscribe());
    await hub.write('echo a', 'tab-1', 1);
    await hub.write('echo a', 'tab-1', 1); // the same input again
    await hub.write('b', 'tab-1', 2);
    await hub.write('b', 'tab-1', 2);
    await hub.write('\r', 'tab-1', 3);
    await waitUntil(() => /^ab$/m.test(plain(sub.text())), { what: 'ab' });
    await quiesce(hub);
    expect(sub.text()).not.toContain('echo aecho a');
    expect(sub.text()).not.toContain('abb');
  });

  it('tells subscribers when the pane changes size, in stream order', async () => {
    const hub = await openHub('rdv-size-event');
    const sub = collect(hub.subscribe());
    const before = hub.currentSeq;
    hub.resize(100, 30, 'a');
    await waitUntil(() => sub.events.some((e) => e.type === 'size'), { what: 'a size event' });
    expect(sub.events.find((e) => e.type === 'size')).toMatchObject({ cols: 100, rows: 30 });
    expect(hub.size).toEqual({ cols: 100, rows: 30 });
    // A resume from before the size change cannot be replayed at the new size.
    expect(hub.subscribe({ after: before }).needsSnapshot).toBe(true);
  });

  it('delivers the exit status to every subscriber, then ends', async () => {
    const hub = await openHub('rdv-exit');
    const a = collect(hub.subscribe());
    const b = collect(hub.subscribe());
    const exited = new Promise((resolve) => hub.onExit(resolve));
    await hub.write('echo bye; exit 3\r');
    await Promise.all([a.done, b.done]);
    expect(a.events.at(-1)).toEqual({ type: 'exit', code: 3 });
    expect(b.events.at(-1)).toEqual({ type: 'exit', code: 3 });
    // The final screen comes just before the exit: tmux may not stream a dying pane's last bytes.
    const final = a.events.at(-2);
    expect(final).toMatchObject({ type: 'snapshot', cols: 80, rows: 24 });
    const screen = createScreen(80, 24);
    await screen.write((final as { data: string }).data);
    expect(screen.visibleLines().slice(0, 3)).toEqual(['$ echo bye; exit 3', 'bye', 'exit']);
    screen.dispose();
    expect(await exited).toBe(3);
    expect(hub.exited).toBe(3);
    // A late subscriber learns about the exit too.
    const late = collect(hub.subscribe());
    await late.done;
    expect(late.events).toEqual([{ type: 'exit', code: 3 }]);
  });

  it('reports exit when the session is killed', async () => {
    const hub = await openHub('rdv-killed');
    const sub = collect(hub.subscribe());
    await tmux.killSession('rdv-killed');
    await sub.done;
    expect(sub.events.at(-1)).toEqual({ type: 'exit', code: null });
  });

  it('reports a pane that died before the hub attached', async () => {
    const name = await server.session('rdv-dead-early');
    await tmux.exec(name, 'exit 5');
    await waitUntil(async () => (await tmux.paneInfo(name)).dead, { what: 'dead pane' });
    const hub = await TerminalHub.open({ tmux, name, cols: 80, rows: 24 });
    hubs.push(hub);
    const sub = collect(hub.subscribe());
    await sub.done;
    expect(sub.events.at(-1)).toEqual({ type: 'exit', code: 5 });
  });

  it('dispose detaches without killing the session', async () => {
    const hub = await openHub('rdv-dispose');
    const sub = hub.subscribe();
    const pending = sub.next();
    hub.dispose();
    expect(await pending).toBeNull();
    expect(await tmux.hasSession('rdv-dispose')).toBe(true);
    await waitUntil(async () => (await tmux.listClients('rdv-dispose')).length === 0, {
      what: 'client gone',
    });
  });

  it('lets the most recently active client decide the size', async () => {
    const hub = await openHub('rdv-size');
    const paneSize = async () => {
      const { width, height } = await tmux.paneInfo('rdv-size');
      return `${width}x${height}`;
    };
    const expectSize = (size: string) =>
      waitUntil(async () => (await paneSize()) === size, { what: size });

    hub.resize(100, 30, 'a');
    await expectSize('100x30');
    hub.resize(90, 20, 'b'); // nobody typed yet: the latest resize wins
    await expectSize('90x20');
    await hub.write('', 'a'); // a types: a's size
    await expectSize('100x30');
    hub.resize(120, 40, 'b'); // b is not in charge: remembered only
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await paneSize()).toBe('100x30');
    hub.noteActivity('b');
    await expectSize('120x40');
    hub.forgetClient('b'); // b leaves: back to a
    await expectSize('100x30');
    expect(hub.size).toEqual({ cols: 100, rows: 30 });
  });

  it('refuses to open a missing session', async () => {
    await expect(TerminalHub.open({ tmux, name: 'rdv-nope', cols: 80, rows: 24 })).rejects.toThrow(
      /not found/,
    );
  });
});
