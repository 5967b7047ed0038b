import type { PaneInfo, TmuxSessionInfo } from '@rdv/terminal';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '@rdv/test-support';
import { forEachLimited, ScreenObserver } from './screen-observer.ts';

const info: PaneInfo = {
  cursorX: 2,
  cursorY: 0,
  width: 80,
  height: 24,
  alternateOn: false,
  inMode: false,
  dead: false,
  deadStatus: null,
  pid: 1,
  historySize: 0,
  historyLimit: 1000,
  serverPid: 1,
};
const pane = (name: string, activitySeconds = 1): TmuxSessionInfo => ({
  name,
  created: new Date(0),
  activity: new Date(activitySeconds * 1000),
  attached: 0,
  paneDead: false,
  paneDeadStatus: null,
  panePid: 1,
  serverPid: 1,
});

describe('ScreenObserver', () => {
  it('tells a change from a second identical read, and counts tmux activity as change', async () => {
    let screen = '$ ';
    const observer = new ScreenObserver(
      { captureForReplay: async () => ({ lines: [screen], info }) },
      silentLogger,
    );
    const session = { id: 's', tmuxName: 'rdv-s', kind: 'shell' };
    const first = (
      await observer.observe([session], new Map([['rdv-s', pane('rdv-s')]]), 1_000, 1_000)
    ).get('s');
    expect(first).toMatchObject({
      changedAtMs: 1_000,
      changedNow: false,
      verdict: { status: null },
    });
    const second = (
      await observer.observe([session], new Map([['rdv-s', pane('rdv-s')]]), 5_000, 1_000)
    ).get('s');
    expect(second).toMatchObject({
      changedAtMs: 1_000,
      changedNow: false,
      verdict: { status: 'idle' },
    });
    const typed = (
      await observer.observe([session], new Map([['rdv-s', pane('rdv-s', 9)]]), 9_000, 1_000)
    ).get('s');
    expect(typed).toMatchObject({ changedAtMs: 9_000, changedNow: true });
    screen = '$ ls';
    const output = (
      await observer.observe([session], new Map([['rdv-s', pane('rdv-s', 9)]]), 12_000, 1_000)
    ).get('s');
    expect(output).toMatchObject({ changedAtMs: 12_000, changedNow: true });
  });

  it('backs a failing session off exponentially without failing the others, and recovers', async () => {
    const attempts: Record<string, number> = {};
    let broken = true;
    const observer = new ScreenObserver(
      {
        captureForReplay: async (name: string) => {
          attempts[name] = (attempts[name] ?? 0) + 1;
          if (name === 'rdv-bad' && broken) throw new Error('tmux said no');
          return { lines: ['$ '], info };
        },
      },
      silentLogger,
    );
    const sessions = [
      { id: 'bad', tmuxName: 'rdv-bad', kind: 'agent' },
      { id: 'good', tmuxName: 'rdv-good', kind: 'agent' },
    ];
    const panes = new Map([
      ['rdv-bad', pane('rdv-bad')],
      ['rdv-good', pane('rdv-good')],
    ]);
    const at = (ms: number) => observer.observe(sessions, panes, ms, 1_000);
    expect([...(await at(0)).keys()]).toEqual(['good']);
    await at(500); // backing off: 1 s after the first failure
    expect(attempts['rdv-bad']).toBe(1);
    await at(1_000); // second failure: 2 s
    await at(2_500);
    expect(attempts['rdv-bad']).toBe(2);
    broken = false;
    expect([...(await at(3_000)).keys()].sort()).toEqual(['bad', 'good']);
    expect(attempts['rdv-good']).toBe(5);
  });

  it('skips sessions tmux does not list', async () => {
    const observer = new ScreenObserver(
      { captureForReplay: async () => ({ lines: ['x'], info }) },
      silentLogger,
    );
    const fresh = await observer.observe(
      [{ id: 'gone', tmuxName: 'rdv-gone', kind: 'shell' }],
      new Map(),
      0,
      1_000,
    );
    expect(fresh.size).toBe(0);
  });
});

describe('forEachLimited', () => {
  it('never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    await forEachLimited(
      Array.from({ length: 20 }, (_, i) => i),
      3,
      async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 2));
        running -= 1;
      },
    );
    expect(peak).toBe(3);
  });
});
