// Session recording: asciicast v2 files under RDV_HOME/recordings for sessions whose folder (or
// user) preference says so, or that were switched on one by one; readable by the owner alone.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wsClient } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { createScreen } from '../helpers/terminal.ts';
import { waitUntil } from '@rdv/test-support';

describe('session recording', () => {
  let ws: ReturnType<typeof wsClient>;
  const fx = useDaemon({ env: { SHELL: '/bin/sh' } });
  beforeAll(async () => {
    ws = wsClient(fx.daemon, { kind: 'cli', token: fx.daemon.cliToken() });
    await fx.api.client.preferences.set.mutate({ folderId: null, values: { shell: '/bin/sh', env: { PS1: '$ ', ENV: '' } } });
  });
  afterAll(async () => {
    await ws?.close();
  });

  const fullText = async (sessionId: string, limit?: number) => {
    let text = '';
    let offset: number | null = 0;
    let pages = 0;
    while (offset !== null) {
      const page: { text: string; nextOffset: number | null } = await fx.api.client.recordings.get.query({ sessionId, offset, ...(limit ? { limit } : {}) });
      text += page.text;
      offset = page.nextOffset;
      pages += 1;
    }
    return { text, pages };
  };

  it('records a session of a folder set to record, as valid asciicast v2', async () => {
    const folder = await fx.api.client.folders.create.mutate({ name: 'recorded' });
    await fx.api.client.preferences.set.mutate({ folderId: folder.id, values: { recording: true } });
    const session = await fx.api.client.sessions.create.mutate({ name: 'rec', folderId: folder.id, cols: 80, rows: 24 });
    await ws.client.terminal.input.mutate({ sessionId: session.id, data: 'echo rec-$((6*7))\r' });
    await waitUntil(async () => (await fullText(session.id).catch(() => ({ text: '' }))).text.includes('rec-42'), 'the recording to show rec-42', 20_000);

    const { text } = await fullText(session.id);
    const [headerLine, ...lines] = text.trimEnd().split('\n');
    expect(JSON.parse(headerLine!)).toMatchObject({ version: 2, width: 80, height: 24, timestamp: expect.any(Number) });
    const events = lines.map((line) => JSON.parse(line) as [number, string, string]);
    expect(events.every(([time, code, data]) => typeof time === 'number' && ['o', 'r', 'm'].includes(code) && typeof data === 'string')).toBe(true);
    const times = events.map(([time]) => time);
    expect(times).toEqual([...times].sort((a, b) => a - b));

    // Played back like a player would, the screen shows the command and its output.
    const screen = createScreen(80, 24);
    for (const [, code, data] of events) if (code === 'o') await screen.write(data);
    expect(screen.allLines().join('\n')).toContain('rec-42');
    screen.dispose();

    const file = join(fx.home, 'recordings', `${session.id}.cast`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(fx.home, 'recordings')).mode & 0o777).toBe(0o700);
    const listed = await fx.api.client.recordings.list.query();
    expect(listed).toEqual([expect.objectContaining({ sessionId: session.id, enabled: true, active: true, bytes: statSync(file).size })]);
  });

  it('pages a recording on event boundaries; the pages add up to the file', async () => {
    const [recording] = await fx.api.client.recordings.list.query();
    const whole = await fullText(recording!.sessionId);
    const paged = await fullText(recording!.sessionId, 100);
    expect(paged.pages).toBeGreaterThan(2);
    expect(paged.text.startsWith(whole.text.slice(0, 50))).toBe(true);
    expect(whole.text.startsWith(paged.text.slice(0, whole.text.length - 200))).toBe(true);
  });

  it('does not record other sessions until switched on, and stops when switched off', async () => {
    const session = await fx.api.client.sessions.create.mutate({ name: 'plain' });
    await new Promise((r) => setTimeout(r, 2_500)); // longer than a recording sync
    expect(await codeOfGet(session.id)).toBe('NOT_FOUND');

    await fx.api.client.recordings.set.mutate({ sessionId: session.id, enabled: true });
    await ws.client.terminal.input.mutate({ sessionId: session.id, data: 'echo on-$((2+3))\r' });
    await waitUntil(async () => (await fullText(session.id).catch(() => ({ text: '' }))).text.includes('on-5'), 'on-5 in the recording', 20_000);

    await fx.api.client.recordings.set.mutate({ sessionId: session.id, enabled: false });
    await waitUntil(async () => !(await fx.api.client.recordings.list.query()).find((r) => r.sessionId === session.id)?.active, 'the recorder to stop');
    const size = statSync(join(fx.home, 'recordings', `${session.id}.cast`)).size;
    await ws.client.terminal.input.mutate({ sessionId: session.id, data: 'echo off-$((2+4))\r' });
    await new Promise((r) => setTimeout(r, 2_500));
    expect(statSync(join(fx.home, 'recordings', `${session.id}.cast`)).size).toBe(size);
    expect((await fullText(session.id)).text).not.toContain('off-6');
  });

  async function codeOfGet(sessionId: string): Promise<string> {
    try {
      await fx.api.client.recordings.get.query({ sessionId });
      return 'OK';
    } catch (error) {
      return (error as { data?: { code?: string } }).data?.code ?? 'UNKNOWN';
    }
  }
});
