// The per-session interval against a real daemon and a real webhook receiver: a change inside
// the interval is sent when it ends, the one it replaced (the session moved on) never is.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReceiver, waitUntil, type HttpReceiver } from '@rdv/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDaemon } from '../helpers/daemon-fixture.ts';

describe('notifications: one per session per interval (real daemon)', () => {
  let receiver: HttpReceiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => receiver.close());

  const fx = useDaemon({
    env: { SHELL: '/bin/bash' },
    config: () =>
      [
        '[notifications]',
        'min_interval_seconds = 2',
        '[notifications.webhook]',
        `url = "${receiver.origin}/hook"`,
        'format = "json"',
      ].join('\n'),
  });

  it('defers a change inside the interval, drops one the session moved on from, keeps sessions apart', async () => {
    const api = fx.api.client;
    const cwd = mkdtempSync(join(tmpdir(), 'rdv-rate-'));
    const a = (await api.sessions.create.mutate({ name: 'a', cwd })).id;
    const b = (await api.sessions.create.mutate({ name: 'b', cwd })).id;
    const sent = () =>
      receiver.at('/hook').map((r) => {
        const body = JSON.parse(r.body.toString()) as { session: { name: string }; state: string; question: string | null };
        return `${body.session.name}:${body.state}:${body.question ?? ''}`;
      });

    await api.hooks.report.mutate({ sessionId: a, event: 'Notification', message: 'first question?' });
    await waitUntil(() => sent().length === 1, 'the first notification');
    // Inside a's interval: a second question (deferred), answered before its turn (dropped),
    // then an error (deferred, sent when the interval ends). b is not held up by a.
    await api.hooks.report.mutate({ sessionId: a, event: 'UserPromptSubmit' });
    await api.hooks.report.mutate({ sessionId: a, event: 'Notification', message: 'second question?' });
    await api.hooks.report.mutate({ sessionId: a, event: 'UserPromptSubmit' });
    await api.hooks.report.mutate({ sessionId: a, event: 'StopFailure' });
    await api.hooks.report.mutate({ sessionId: b, event: 'Notification', message: 'b asks?' });
    await waitUntil(() => sent().length === 3, 'the deferred error', 30_000);
    expect(sent().filter((line) => line.startsWith('a:'))).toEqual(['a:waiting:first question?', 'a:error:']);
    expect(sent()).toContain('b:waiting:b asks?');
  });
});
