import { describe, expect, it } from 'vitest';
import { silentLogger } from '@rdv/test-support';
import type { MonitoredSession } from './orchestrator-checks.ts';
import { ScreenObserver } from './screen-observer.ts';
import { StatusWatch } from './status-watch.ts';
import type { CensusRow } from './tmux-census.ts';

function session(id: string, kind = 'agent'): MonitoredSession {
  return {
    id,
    userId: 'u',
    folderId: null,
    agentStatus: null,
    name: id,
    kind,
    tmuxName: `rdv-${id}`,
    agentStatusAt: null,
  };
}

function row(id: string, outputSecond: number): CensusRow {
  const at = new Date(outputSecond * 1000);
  return {
    name: `rdv-${id}`,
    created: new Date(0),
    activity: at,
    outputAt: at,
    attached: 0,
    paneDead: false,
    paneDeadStatus: null,
    panePid: 1,
    serverPid: 1,
  };
}

/** A watch over fake tmux: screens by tmux name; counts tmux calls and scope loads. */
function setup(sessions: MonitoredSession[]) {
  const screens = new Map<string, string>();
  const stats = { runs: 0, read: [] as string[], scopeLoads: 0 };
  const run = async (commands: ReadonlyArray<readonly string[]>) => {
    stats.runs += 1;
    return commands
      .filter((c) => c[0] === 'display-message')
      .map((c) => {
        const name = c[3]!.slice(1, -1);
        stats.read.push(name);
        const text = screens.get(name) ?? '';
        return `${name}\t${text.length}\t0\t1\t0\t0\t\n${text}\n`;
      })
      .join('');
  };
  const observer = new ScreenObserver(
    { captureForReplay: async () => Promise.reject(new Error('not batched')), run },
    silentLogger,
  );
  const applied: string[] = [];
  const watch = new StatusWatch({
    observer,
    loadScope: async () => {
      stats.scopeLoads += 1;
      return { sessions, watched: sessions.filter((s) => s.kind === 'agent') };
    },
    apply: async (_watched, fresh) => {
      for (const [id, o] of fresh) applied.push(`${id}:${o.verdict.status}`);
      return fresh.size;
    },
    now: () => new Date(),
  });
  return { watch, screens, stats, applied };
}

describe('StatusWatch', () => {
  it('reads only watched sessions that printed since their last read, all in one tmux call', async () => {
    const now = Math.floor(Date.now() / 1000);
    const { watch, screens, stats, applied } = setup([
      session('a'),
      session('b'),
      session('sh', 'shell'),
    ]);
    screens.set('rdv-a', 'Continue? ').set('rdv-b', 'working');
    await watch.check([row('a', now), row('b', now), row('sh', now)]);
    expect(stats.runs).toBe(1);
    expect(stats.read.sort()).toEqual(['rdv-a', 'rdv-b']);
    expect(applied).toContain('a:waiting');

    // Read again once (the screens were new), then nothing: no tmux call, no database.
    stats.read = [];
    await watch.check([row('a', now - 5), row('b', now - 5), row('sh', now)]);
    expect(stats.read.sort()).toEqual(['rdv-a', 'rdv-b']);
    stats.read = [];
    stats.runs = 0;
    const loads = stats.scopeLoads;
    await watch.check([row('a', now - 5), row('b', now - 5), row('sh', now)]);
    expect(stats).toMatchObject({ runs: 0, read: [], scopeLoads: loads });

    // New output in b: b alone.
    await watch.check([row('a', now - 5), row('b', now + 1), row('sh', now)]);
    expect(stats.read).toEqual(['rdv-b']);
  });

  it('reads a session someone typed into even when tmux reports no output', async () => {
    const now = Math.floor(Date.now() / 1000);
    const { watch, screens, stats } = setup([session('a')]);
    screens.set('rdv-a', 'quiet');
    await watch.check([row('a', now)]);
    await watch.check([row('a', now - 9)]);
    stats.read = [];
    await watch.check([row('a', now - 9)]);
    expect(stats.read).toEqual([]);
    watch.noteInput('a');
    await watch.check([row('a', now - 9)]);
    expect(stats.read).toEqual(['rdv-a']);
  });

  it('learns about a new session at once (an unknown name loads the scope)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const sessions = [session('a')];
    const { watch, stats } = setup(sessions);
    await watch.check([row('a', now - 9)]);
    const loads = stats.scopeLoads;
    sessions.push(session('n'));
    await watch.check([row('a', now - 9), row('n', now - 9)]);
    expect(stats.scopeLoads).toBe(loads + 1);
    expect(stats.read).toContain('rdv-n');
  });
});
