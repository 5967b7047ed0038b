import { ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelEvent } from './control-channel.ts';
import { Tmux } from './tmux-servers.ts';
import { TmuxError } from './tmux-error.ts';
import { startTestServer, waitUntil, type TestServer } from './testing/tmux-server.ts';

let server: TestServer;
/** A second Tmux on the same server that never uses the channel: the spawned path to compare. */
let spawned: Tmux;
const events: ChannelEvent[] = [];
let withChannel: Tmux;

/** ChildProcess#spawn (undocumented, untyped) backs both execFile and spawn. */
type Spawn = (this: ChildProcess, options: unknown) => unknown;
const prototype = ChildProcess.prototype as unknown as { spawn: Spawn };

/** Counts processes Node spawns while `task` runs. */
async function countSpawns<T>(task: () => Promise<T>): Promise<{ result: T; spawns: number }> {
  const original = prototype.spawn;
  let spawns = 0;
  prototype.spawn = function (this: ChildProcess, options: unknown) {
    spawns += 1;
    return original.call(this, options);
  };
  try {
    return { result: await task(), spawns };
  } finally {
    prototype.spawn = original;
  }
}

beforeAll(async () => {
  server = await startTestServer();
  spawned = server.tmux;
  withChannel = new Tmux({ socketPath: spawned.socketPath });
  withChannel.useControlChannel((event) => events.push(event));
  await server.session('rdv-host');
  await server.session('rdv-other');
  withChannel.attachChannel(['main', 'rdv-host']);
  await waitUntil(() => withChannel.channelOpen, { what: 'the channel to open' });
});
afterEach(() => {
  events.length = 0;
});
afterAll(async () => {
  withChannel.dispose();
  await server.cleanup();
});

describe('the control channel', () => {
  it('answers commands without spawning a process, with what a spawned client prints', async () => {
    await spawned.sendText('rdv-other', 'printf "\\033[31mred\\033[0m tab\\there é 中文 %%end 1 2 3\\n"');
    await spawned.sendEnter('rdv-other');
    await waitUntil(async () => (await spawned.capturePane('rdv-other')).includes('中文 %end 1 2 3\n'), {
      what: 'the output',
    });
    const viaChannel = await countSpawns(() => withChannel.captureForReplay('rdv-other', 100));
    expect(viaChannel.spawns).toBe(0);
    expect(viaChannel.result).toEqual(await spawned.captureForReplay('rdv-other', 100));
    expect(viaChannel.result.lines.some((line) => line.includes('\u001b[31mred'))).toBe(true);
  });

  it('types over the channel too, leaving copy-mode first', async () => {
    await spawned.run([['copy-mode', '-t', '=rdv-other:']]);
    expect((await spawned.paneInfo('rdv-other')).inMode).toBe(true);
    const { spawns } = await countSpawns(() => withChannel.exec('rdv-other', 'echo typed-$((40+2))'));
    expect(spawns).toBe(0);
    expect((await spawned.paneInfo('rdv-other')).inMode).toBe(false);
    await waitUntil(async () => (await spawned.capturePane('rdv-other')).includes('typed-42'), {
      what: 'the typed command to run',
    });
  });

  it('passes values to tmux literally (quotes, $, #, ;, newlines)', async () => {
    const value = `it's "$HOME" #{pane_id} ; a\nb \\ end`;
    await withChannel.run([['set-environment', '-t', '=rdv-other', 'RDV_TEST_VALUE', value]]);
    const shown = await spawned.run([['show-environment', '-t', '=rdv-other', 'RDV_TEST_VALUE']]);
    expect(shown).toBe(`RDV_TEST_VALUE=${value}\n`);
  });

  it('reports tmux errors as a spawned client does, without the raw command line', async () => {
    const error = await withChannel
      .run([['send-keys', '-t', '=rdv-nope:', '-l', '--', 'secret-value']])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TmuxError);
    expect((error as TmuxError).isNotFound).toBe(true);
    expect((error as TmuxError).message).not.toContain('secret-value');
    expect(await withChannel.hasSession('rdv-nope')).toBe(false);
    expect(withChannel.channelOpen).toBe(true);
  });

  it('hears %sessions-changed when a session is created or killed elsewhere', async () => {
    await spawned.newSession({ name: 'rdv-third', cwd: server.dir, cols: 80, rows: 24, ...server.shell });
    await waitUntil(() => events.some((e) => e.type === 'sessions-changed'), { what: 'sessions-changed' });
    events.length = 0;
    await spawned.killSession('rdv-third');
    await waitUntil(() => events.some((e) => e.type === 'sessions-changed'), { what: 'sessions-changed' });
  });

  it('moves off a session it kills itself, and keeps answering', async () => {
    await server.session('rdv-fourth');
    const before = await withChannel.run([['list-clients', '-F', '#{client_session} #{client_flags}']]);
    expect(before).toMatch(/^rdv-host .*ignore-size/m);
    expect(before).toMatch(/no-output/);
    expect(await withChannel.killSession('rdv-host')).toBe(true);
    expect(withChannel.channelOpen).toBe(true);
    const { result, spawns } = await countSpawns(() => withChannel.hasSession('rdv-fourth'));
    expect(result).toBe(true);
    expect(spawns).toBe(0);
    expect(events.some((e) => e.type === 'closed')).toBe(false);
  });

  it('falls back to a spawned client, and says so, when its session is killed elsewhere', async () => {
    const clients = await spawned.run([['list-clients', '-F', '#{client_session}']]);
    const host = clients.split('\n').find((name) => name.startsWith('rdv-')) ?? '';
    await spawned.killSession(host);
    await waitUntil(() => events.some((e) => e.type === 'closed'), { what: 'the channel to close' });
    expect(withChannel.channelOpen).toBe(false);
    const { result, spawns } = await countSpawns(() => withChannel.hasSession('rdv-other'));
    expect(result).toBe(true);
    expect(spawns).toBe(1);
    withChannel.attachChannel(['rdv-other']);
    await waitUntil(() => withChannel.channelOpen, { what: 'the channel to open again' });
  });

  it('never decides a window size', async () => {
    await withChannel.resizeWindow('rdv-other', 101, 33);
    await withChannel.run([['set-option', '-w', '-t', '=rdv-other:', 'window-size', 'latest']]);
    const info = await spawned.paneInfo('rdv-other');
    expect([info.width, info.height]).toEqual([101, 33]);
  });
});
