import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  typeInTerminal,
  visibleLines,
  waitForPrompt,
  waitForTerminal,
} from '../helpers/browser.ts';
import { openShellPage, type ShellPage } from '../helpers/shell-page.ts';
import { PROMPT, type Stack } from '../helpers/stack.ts';
import { rdvTmux } from '@rdv/test-support/rdv-tmux';

/** Busy loops on every core: the reconnect faults were seen on a machine under heavy load. */
function loadCpus(count: number): ChildProcess[] {
  return Array.from({ length: count }, () =>
    spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
  );
}

/** A repeatable sequence of cut lengths (a small LCG: the same run every time). */
function lengths(seed: number, count: number, minMs: number, maxMs: number): number[] {
  let x = seed;
  return Array.from({ length: count }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return minMs + (x % (maxMs - minMs));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the terminal across network cuts, under CPU load', () => {
  let shell: ShellPage;
  let stack: Stack;
  let context: BrowserContext;
  let page: Page;
  let sessionId: string;
  let burners: ChildProcess[] = [];

  const state = () => page.evaluate((id) => window.__rdv!.terminals.get(id)!.state(), sessionId);
  const tmuxName = () => `rdv-${sessionId}`;
  const tmux = (...args: string[]) => rdvTmux(stack.home, ...args);

  beforeAll(async () => {
    shell = await openShellPage();
    ({ stack, context, page, sessionId } = shell);
    burners = loadCpus(2);
  });
  afterAll(async () => {
    for (const burner of burners) burner.kill('SIGKILL');
    await shell?.close();
  });

  it('an idle shell: keys typed during a 1.5 s cut run once the network is back', async () => {
    for (let round = 1; round <= 3; round += 1) {
      await context.setOffline(true);
      await sleep(1_500);
      await typeInTerminal(page, sessionId, `echo ok-${round}\n`);
      await context.setOffline(false);
      const restoredAt = Date.now();
      await waitForTerminal(page, sessionId, new RegExp(`^ok-${round}$`, 'm'), 30_000);
      const took = Date.now() - restoredAt;
      expect(await state()).toBe('live');
      console.info(`round ${round}: output ${took} ms after the network returned (2 busy loops)`);
    }
  }, 120_000);

  it('20 cuts of random length during output: no key lost or doubled, the screen equals the pane', async () => {
    const log = join(stack.userHome, 'typed.log');
    // Output all the time: a background loop prints numbers while the cuts happen.
    await typeInTerminal(
      page,
      sessionId,
      '(for i in $(seq 1 4000); do echo out-$i; sleep 0.005; done; echo out-done) &\n',
    );
    const cuts = lengths(7, 20, 200, 2_500);
    for (const [i, cut] of cuts.entries()) {
      await context.setOffline(true);
      // Typed while offline: queued in the page, sent once the stream resumes.
      await typeInTerminal(page, sessionId, `echo k-${i} >> ${log}\n`);
      await sleep(cut);
      await context.setOffline(false);
      await sleep(150 + (cut % 400));
      // Typed while online (possibly still reconnecting).
      await typeInTerminal(page, sessionId, `echo j-${i} >> ${log}\n`);
    }
    const expected = cuts.flatMap((_, i) => [`k-${i}`, `j-${i}`]);
    await expect
      .poll(() => readFileSync(log, 'utf8').trim().split('\n'), { timeout: 60_000, interval: 500 })
      .toEqual(expected);

    // The end: once the output stops, what the browser shows is what tmux shows.
    // The loop forks a `sleep` per line: under the busy loops it can take a while.
    await waitForTerminal(page, sessionId, /^out-done$/m, 150_000).catch(async (error: unknown) => {
      // Say where the tab and the pane stood.
      const where = await page.evaluate((id) => {
        const handle = window.__rdv?.terminals.get(id);
        return handle ? { state: handle.state(), stats: handle.stats } : 'no terminal';
      }, sessionId);
      const pane = tmux('capture-pane', '-p', '-t', `=${tmuxName()}:`).trimEnd().split('\n').slice(-3);
      throw new Error(`out-done not shown: tab ${JSON.stringify(where)}; pane ends ${JSON.stringify(pane)}`, {
        cause: error,
      });
    });
    await typeInTerminal(page, sessionId, 'clear; echo settled\n');
    await waitForTerminal(page, sessionId, /^settled$/m, 30_000);
    await waitForPrompt(page, sessionId, PROMPT, 30_000);
    await expect
      .poll(
        async () => {
          const visible = await visibleLines(page, sessionId);
          const pane = tmux('capture-pane', '-p', '-t', `=${tmuxName()}:`).split('\n');
          const trim = (lines: string[]) => {
            const out = lines.map((l) => l.trimEnd());
            while (out.length > 0 && out.at(-1) === '') out.pop();
            return out;
          };
          return JSON.stringify(trim(visible)) === JSON.stringify(trim(pane));
        },
        { timeout: 20_000, interval: 250 },
      )
      .toBe(true);
    const stats = await page.evaluate((id) => window.__rdv!.terminals.get(id)!.stats, sessionId);
    console.info(`after 20 cuts: ${JSON.stringify(stats)}`);
    expect(stats.inputsDropped).toBe(0);
  }, 360_000);
});
