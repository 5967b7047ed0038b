// Notifications from a fleet host reach the home: an agent's hook reported on the remote rdv
// (a second OS account behind a real sshd) reaches a real HTTP receiver that is a webhook
// channel of the HOME daemon, naming the host; after the tunnel drops and comes back, what
// happened meanwhile is told once, and nothing already told is told again.
import { startReceiver, waitUntil, type HttpReceiver } from '@rdv/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rdvJson } from '../helpers/cli.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { readLog } from '../helpers/daemon.ts';
import { startSshHost, type SshHost } from '../helpers/ssh-host.ts';

const LONG = { timeout: 180_000 };
const HOOK_PATH = '/home-webhook';

interface WebhookJson {
  event: string;
  host: string | null;
  session: { id: string; name: string; cwd: string };
  state: string;
  question: string | null;
  url: string;
  title: string;
  text: string;
}

/** Polls `rdv host list --json` until `name`'s state is `state`. */
async function waitForState(home: string, name: string, state: string) {
  await waitUntil(
    async () =>
      (await rdvJson<Array<{ name: string; state: string }>>(home, ['host', 'list'])).some(
        (h) => h.name === name && h.state === state,
      ),
    `host ${name} to be ${state}`,
    90_000,
    500,
  );
}

describe("a host's notifications reach the home", () => {
  let receiver: HttpReceiver;
  let remote: SshHost;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await remote?.cleanup();
    await receiver?.close();
  });

  const fx = useDaemon({
    config: () =>
      [
        '[notifications]',
        'dashboard_url = "https://home.example.test"',
        'min_interval_seconds = 0',
        '[notifications.webhook]',
        `url = "${receiver.origin}${HOOK_PATH}"`,
        'format = "json"',
      ].join('\n'),
  });

  /** The remote's own API, on its own socket with its own token (what its agents' hooks use). */
  const onRemote: SshHost['withOwnApi'] = (run) => remote.withOwnApi(run);

  const received = () =>
    receiver.at(HOOK_PATH).map((request) => JSON.parse(request.body.toString()) as WebhookJson);

  let sessionId: string;
  beforeAll(async () => {
    remote = await startSshHost();
    const options = remote.sshOptions.flatMap((option) => ['--ssh-option', option]);
    await rdvJson(fx.home, ['host', 'add', 'gpu', '127.0.0.1', ...options]);
    sessionId = (await onRemote((c) => c.sessions.create.mutate({ name: 'trainer' }))).id;
  }, 180_000);

  it(
    'a permission prompt on the host reaches the home webhook, naming the host',
    LONG,
    async () => {
      // The home follows the host's events once connected (it logs when its stream is open).
      await waitUntil(
        () => readLog(fx.home).some((line) => line.msg === 'following the host’s notifications'),
        "the home to follow the host's events",
        90_000,
        200,
      );
      // Running, then the prompt: should the stream have opened just after a report, that report
      // was the host's baseline (known, not news), and the next round is a change that is told.
      await waitUntil(
        async () => {
          if (received().length > 0) return true;
          await onRemote(async (c) => {
            await c.hooks.report.mutate({ sessionId, event: 'UserPromptSubmit' });
            await c.hooks.report.mutate({
              sessionId,
              event: 'Notification',
              message: 'Claude needs your permission to use Bash',
            });
          });
          return false;
        },
        'the home webhook to receive the remote prompt',
        90_000,
        5_000,
      );
      const [first] = received();
      expect(first).toMatchObject({
        event: 'session.attention',
        host: 'gpu',
        session: { id: `gpu:${sessionId}`, name: 'trainer', cwd: remote.userHome },
        state: 'permission',
        question: 'Claude needs your permission to use Bash',
        url: `https://home.example.test/#session=${encodeURIComponent(`gpu:${sessionId}`)}`,
        title: 'trainer on gpu is asking permission',
      });
      expect(first?.text).toContain(`gpu: ${remote.userHome}`);
    },
  );

  it(
    'while the tunnel is down nothing arrives; once it is back the missed change arrives once',
    LONG,
    async () => {
      const before = received().length;
      await remote.stopSshd();
      await waitForState(fx.home, 'gpu', 'unreachable');
      // The agent stops while the home cannot see the host.
      await onRemote((c) => c.hooks.report.mutate({ sessionId, event: 'Stop' }));
      expect(received()).toHaveLength(before);

      await remote.startSshd();
      await waitForState(fx.home, 'gpu', 'connected');
      await waitUntil(
        () => received().some((n) => n.state === 'finished'),
        'the finished notification after the tunnel came back',
        90_000,
      );
      // A later change proves the stream is live again, and orders the deliveries: a duplicate
      // of the permission prompt or of `finished` would have arrived before it.
      await onRemote((c) =>
        c.hooks.report.mutate({ sessionId, event: 'waiting', message: 'Which GPU should I use?' }),
      );
      await waitUntil(
        () => received().some((n) => n.state === 'waiting'),
        'the waiting notification',
        60_000,
      );
      expect(
        received()
          .slice(before)
          .map((n) => `${n.host}:${n.state}`),
      ).toEqual(['gpu:finished', 'gpu:waiting']);
      expect(received().at(-1)).toMatchObject({
        session: { id: `gpu:${sessionId}` },
        question: 'Which GPU should I use?',
      });
    },
  );

  it(
    'after the home daemon restarts, what the host was already doing is not told again',
    LONG,
    async () => {
      const before = received().length;
      const restartedAt = new Date().toISOString();
      await fx.restart();
      await waitForState(fx.home, 'gpu', 'connected');
      // The session is still waiting (told before the restart): a fresh start takes it as known.
      await waitUntil(
        () =>
          readLog(fx.home).some(
            (line) =>
              line.msg === 'following the host’s notifications' && String(line.time) > restartedAt,
          ),
        "the restarted home to follow the host's events",
        90_000,
        200,
      );
      await onRemote(async (c) => {
        await c.hooks.report.mutate({ sessionId, event: 'UserPromptSubmit' });
        await c.hooks.report.mutate({ sessionId, event: 'Stop' });
      });
      await waitUntil(
        () => received().length > before,
        'the finished notification after the restart',
        60_000,
      );
      expect(
        received()
          .slice(before)
          .map((n) => `${n.host}:${n.state}`),
      ).toEqual(['gpu:finished']);
    },
  );
});
