// A fleet host's status changes through the home's NotificationService (host-events.ts in the
// daemon feeds them): the three modes (live, baseline, catch-up), the host in what is sent, and
// the gate keyed by the host-qualified id. A fake database with no user channels; the webhook
// of config.toml is the one target, its requests caught by a fake fetch.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PrismaClient } from '@rdv/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StatusChange } from '../orchestration/agent-status/agent-status-service.ts';
import type { InsightEvent } from '../orchestration/insight-service.ts';
import type { ApiLogger } from '../../types.ts';
import { NotificationService, type RemoteNoticeSource } from './notification-service.ts';

interface Sent {
  host: string | null;
  session: { id: string; name: string };
  state: string;
  title: string;
  url: string;
}

const silent = { info() {}, warn() {}, error() {}, debug() {} } as unknown as ApiLogger;
const noRows = { findMany: async () => [] };

function change(status: StatusChange['status'], extra: Partial<StatusChange> = {}): StatusChange {
  return {
    sessionId: 's1',
    userId: 'remote-user',
    folderId: null,
    status,
    previous: 'running',
    at: '2026-12-07T08:00:00.000Z',
    source: 'hook',
    reason: `hook ${status}`,
    ...extra,
  };
}

describe('notifications of a fleet host', () => {
  let service: NotificationService;
  let sent: Sent[];
  let described: string[];
  let gone: Set<string>;
  const gpu: RemoteNoticeSource = {
    host: 'gpu',
    userId: 'home-owner',
    describe: async (id) => {
      described.push(id);
      return gone.has(id) ? null : { name: 'trainer', cwd: '/srv/models', folder: null };
    },
  };

  beforeEach(() => {
    sent = [];
    described = [];
    gone = new Set();
    service = new NotificationService({
      db: { pushSubscription: noRows, notificationChannel: noRows } as unknown as PrismaClient,
      logger: silent,
      settings: {
        dashboardUrl: 'https://home.example',
        minIntervalMs: 0,
        webhook: { url: 'https://hooks.example/x', format: 'json' },
      },
      vapidKeysFile: join(mkdtempSync(join(tmpdir(), 'rdv-remote-notices-')), 'vapid.json'),
      now: () => new Date('2026-12-07T12:00:00Z'),
      fetch: async (_url, init) => {
        sent.push(JSON.parse(init.body as string) as Sent);
        return new Response(null, { status: 200 });
      },
    });
  });
  afterEach(() => service.dispose());

  it('a live change is sent once, naming the host, with a host-qualified id and link', async () => {
    service.remoteStatus(gpu, change('waiting', { message: 'Proceed?' }), 'live');
    service.remoteStatus(gpu, change('waiting', { message: 'Proceed?' }), 'live'); // replayed
    await service.settled();
    expect(sent).toEqual([
      expect.objectContaining({
        host: 'gpu',
        session: expect.objectContaining({ id: 'gpu:s1', name: 'trainer' }),
        state: 'permission',
        title: 'trainer on gpu is asking permission',
        url: 'https://home.example/#session=gpu%3As1',
      }),
    ]);
    expect(described).toEqual(['s1']);
  });

  it("the host's statuses when first followed are known, not news; a later change is", async () => {
    service.remoteStatus(gpu, change('waiting', { source: 'snapshot' }), 'baseline');
    await service.settled();
    expect(sent).toEqual([]);
    service.remoteStatus(gpu, change('waiting', { source: 'snapshot' }), 'catch-up');
    await service.settled();
    expect(sent).toEqual([]);
    // Changed while the host was out of reach: told once when it is back.
    service.remoteStatus(gpu, change('error', { source: 'snapshot' }), 'catch-up');
    service.remoteStatus(gpu, change('error', { source: 'snapshot' }), 'catch-up');
    await service.settled();
    expect(sent.map((n) => [n.session.id, n.state])).toEqual([['gpu:s1', 'error']]);
  });

  it('the same session id on two hosts, or here, is three sessions', async () => {
    const cpu = { ...gpu, host: 'cpu' };
    service.remoteStatus(gpu, change('error'), 'live');
    service.remoteStatus(cpu, change('error'), 'live');
    await service.settled();
    expect(sent.map((n) => n.session.id).sort()).toEqual(['cpu:s1', 'gpu:s1']);
  });

  it('a session the host no longer has is not told', async () => {
    gone.add('s1');
    service.remoteStatus(gpu, change('error'), 'live');
    await service.settled();
    expect(sent).toEqual([]);
  });

  it("a host's stall insight is told; its open ones when first followed are not", async () => {
    const insight = {
      id: 'i1',
      sessionId: 's2',
      type: 'stall_detected',
      message: 'no output for 10 minutes',
      createdAt: '2026-12-07T11:00:00.000Z',
    } as unknown as InsightEvent['insight'];
    service.remoteInsight(gpu, { kind: 'snapshot', insight });
    await service.settled();
    expect(sent).toEqual([]);
    service.remoteInsight(gpu, { kind: 'resolved', userId: 'u', insight });
    service.remoteInsight(gpu, { kind: 'created', userId: 'u', insight: { ...insight, id: 'i2' } });
    await service.settled();
    expect(sent.map((n) => [n.session.id, n.state, n.title])).toEqual([
      ['gpu:s2', 'stalled', 'trainer on gpu is stalled'],
    ]);
  });
});
