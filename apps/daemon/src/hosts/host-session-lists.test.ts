import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostSummary } from '@rdv/api';
import { hostFiles } from '@rdv/contract/home';
import { afterEach, describe, expect, it } from 'vitest';
import { HostSessionLists, type HostListsFetcher } from './host-session-lists.ts';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

function summary(
  name: string,
  state: HostSummary['state'],
  reason: string | null = null,
): HostSummary {
  return {
    name,
    destination: `${name}.example`,
    sshOptions: [],
    addedAt: '2026-01-01T00:00:00.000Z',
    state,
    reason,
    version: null,
    activeSessions: null,
    since: '2026-01-01T00:00:00.000Z',
  };
}

function setup() {
  const hostsDir = mkdtempSync(join(tmpdir(), 'rdv-host-lists-'));
  dirs.push(hostsDir);
  mkdirSync(join(hostsDir, 'sockets'));
  writeFileSync(hostFiles(hostsDir, 'gpu').tokenFile, 'gpu-token\n', { mode: 0o600 });
  const hosts: { current: HostSummary[] } = { current: [summary('gpu', 'connected')] };
  const calls: Array<{ apiSocket: string; token: string }> = [];
  let answer: { sessions: unknown[]; folders: unknown[] } | Error = {
    sessions: [{ id: 's1', name: 'train' }],
    folders: [{ id: 'f1', name: 'ml' }],
  };
  const fetcher: HostListsFetcher = async (apiSocket, token) => {
    calls.push({ apiSocket, token });
    if (answer instanceof Error) throw answer;
    return answer;
  };
  let clock = 1_000_000;
  const make = () =>
    new HostSessionLists(
      hostsDir,
      async () => hosts.current,
      quiet,
      fetcher,
      () => clock,
    );
  return {
    hostsDir,
    hosts,
    calls,
    make,
    answer: (next: typeof answer) => (answer = next),
    tick: (ms: number) => (clock += ms),
  };
}

describe('HostSessionLists', () => {
  it("lists a connected host's sessions and folders live, through its tunnel with its token", async () => {
    const { make, calls, hostsDir } = setup();
    const [gpu] = await make().lists();
    expect(gpu).toMatchObject({
      name: 'gpu',
      state: 'connected',
      live: true,
      sessions: [{ id: 's1', name: 'train' }],
      folders: [{ id: 'f1', name: 'ml' }],
    });
    expect(calls).toEqual([
      { apiSocket: hostFiles(hostsDir, 'gpu').apiSocket, token: 'gpu-token' },
    ]);
  });

  it('keeps the last list (0600 on disk) and shows it, not live, while the host is away, even to a new daemon', async () => {
    const { make, hosts, calls, hostsDir } = setup();
    await make().lists();
    const file = hostFiles(hostsDir, 'gpu').sessionsFile;
    expect(statSync(file).mode & 0o777).toBe(0o600);
    hosts.current = [summary('gpu', 'unreachable', 'Connection refused')];
    const restarted = make();
    const [gpu] = await restarted.lists();
    expect(gpu).toMatchObject({
      state: 'unreachable',
      reason: 'Connection refused',
      live: false,
      sessions: [{ id: 's1', name: 'train' }],
    });
    expect(gpu!.fetchedAt).not.toBeNull();
    expect(calls).toHaveLength(1);
    expect(JSON.parse(readFileSync(file, 'utf8')).sessions).toEqual([{ id: 's1', name: 'train' }]);
  });

  it('shows the last list when a connected host does not answer, and an empty one for a host never seen', async () => {
    const { make, answer, tick, hosts } = setup();
    const lists = make();
    await lists.lists();
    answer(new Error('socket hang up'));
    tick(5_000);
    const [gpu] = await lists.lists();
    expect(gpu).toMatchObject({
      live: false,
      state: 'connected',
      sessions: [{ id: 's1', name: 'train' }],
    });
    hosts.current = [summary('box', 'connecting')];
    const [box] = await lists.lists();
    expect(box).toEqual({
      name: 'box',
      state: 'connecting',
      reason: null,
      live: false,
      fetchedAt: null,
      sessions: [],
      folders: [],
    });
  });

  it("reuses a fetch within a second, and forgets a removed host's list", async () => {
    const { make, calls, hosts, hostsDir, tick } = setup();
    const lists = make();
    await Promise.all([lists.lists(), lists.lists()]);
    await lists.lists();
    expect(calls).toHaveLength(1);
    tick(1_500);
    await lists.lists();
    expect(calls).toHaveLength(2);
    hosts.current = [];
    expect(await lists.lists()).toEqual([]);
    expect(() => statSync(hostFiles(hostsDir, 'gpu').sessionsFile)).toThrow();
  });
});
