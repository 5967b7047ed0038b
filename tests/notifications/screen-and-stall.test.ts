// What the screen and the monitor tell the person: a stall (no output for the threshold) and
// a question read off the screen reach a webhook with the question line quoted. Real tmux, a
// real database and a real HTTP receiver; the monitor's clock is injected and ticks by hand.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { startReceiver, waitUntil, type HttpReceiver } from '@rdv/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, type InProcess } from '../helpers/services.ts';

/** Stands in for an agent: a busy line, a wait for a flag file, then a question. */
const FAKE_AGENT = `#!/bin/sh
printf 'Working on it (esc to interrupt)\\n'
while [ ! -e "$1" ]; do sleep 0.2; done
printf 'done working\\n'
printf 'Overwrite config.json with the new schema? (y/n) '
read answer
`;

interface Hook {
  state: string;
  question: string | null;
  session: { id: string; name: string; folder: string | null };
  url: string;
}

describe('notifications from the screen and the monitor (real tmux, injected clock)', () => {
  let receiver: HttpReceiver;
  let env: InProcess;
  beforeAll(async () => {
    receiver = await startReceiver();
    env = await startInProcess({
      notifications: {
        dashboardUrl: 'http://rdv.lan:4780',
        minIntervalMs: 0,
        webhook: { url: `${receiver.origin}/hook`, format: 'json' },
      },
    });
  });
  afterAll(async () => {
    await env?.dispose();
    await receiver?.close();
  });

  const hooks = () => receiver.at('/hook').map((r) => JSON.parse(r.body.toString()) as Hook);

  it('a stall, then the question on the screen, each reach the webhook once', async () => {
    const folder = await env.caller.folders.create({ name: 'infra' });
    await env.caller.orchestrators.create({
      name: 'watch infra',
      folderId: folder.id,
      intervalSeconds: 1,
      stallThresholdSeconds: 60,
    });
    const flag = join(env.home, 'flag-migrator');
    const session = await env.caller.sessions.create({
      kind: 'agent',
      name: 'migrator',
      command: `${env.script('fake-agent.sh', FAKE_AGENT)} ${flag}`,
      cwd: env.home,
      folderId: folder.id,
    });
    await env.waitForScreen(session.id, 'esc to interrupt');

    await env.services.monitoring.tick();
    env.clock.advance(61);
    await env.services.monitoring.tick();
    await waitUntil(() => hooks().length === 1, 'the stall notification');
    expect(hooks()[0]).toMatchObject({
      state: 'stalled',
      session: { id: session.id, name: 'migrator', folder: 'infra' },
      url: `http://rdv.lan:4780/#session=${session.id}`,
    });
    expect(hooks()[0]!.question).toMatch(/has not changed for 1 min/);
    // Still stalled at the next tick: not a new state, nothing sent.
    env.clock.advance(5);
    await env.services.monitoring.tick();

    writeFileSync(flag, '');
    await env.waitForScreen(session.id, 'Overwrite config.json');
    await waitUntil(
      async () => {
        env.clock.advance(1);
        await env.services.monitoring.tick();
        return hooks().length >= 2;
      },
      'the waiting notification',
    );
    expect(hooks().map((h) => h.state)).toEqual(['stalled', 'waiting']);
    expect(hooks()[1]!.question).toBe('Overwrite config.json with the new schema? (y/n)');
  });
});
