import { TRPCClientError } from '@trpc/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiClient, cliClient, wsClient } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { attach } from '../helpers/terminal.ts';
import { handOver } from '../helpers/users.ts';
import { codeOf } from '../helpers/trpc-errors.ts';


// A daemon has one owner; rows of another user exist only when an older, multi-user rdv left them
// (a hand-over makes such rows). The owner and the web app can neither see nor touch them.
describe('a session a previous owner left cannot be seen or touched', () => {
  let sessionId: string;
  let mallory: { userId: string; token: string };
  const fx = useDaemon({ env: { SHELL: '/bin/bash' } });
  beforeAll(async () => {
    const owner = cliClient(fx.daemon);
    sessionId = (await owner.client.sessions.create.mutate({ name: 'private' })).id;
    await owner.close();
    const next = await handOver(fx.daemon, { SHELL: '/bin/bash' });
    fx.daemon = next.daemon;
    mallory = next.owner;
  });

  it('is invisible in lists and NOT_FOUND for every operation, over HTTP with a CLI token', async () => {
    const api = apiClient(fx.daemon, { kind: 'cli', token: mallory.token });
    try {
      expect(await api.client.sessions.list.query()).toEqual([]);
      const id = sessionId;
      const calls: Record<string, () => Promise<unknown>> = {
        get: () => api.client.sessions.get.query({ id }),
        update: () => api.client.sessions.update.mutate({ id, name: 'pwned' }),
        exec: () => api.client.sessions.exec.mutate({ id, text: 'echo pwned' }),
        scrollback: () => api.client.sessions.scrollback.query({ id }),
        suspend: () => api.client.sessions.suspend.mutate({ id }),
        resume: () => api.client.sessions.resume.mutate({ id }),
        close: () => api.client.sessions.close.mutate({ id }),
      };
      for (const [name, call] of Object.entries(calls)) {
        expect({ name, code: await codeOf(call()) }).toEqual({ name, code: 'NOT_FOUND' });
      }
    } finally {
      await api.close();
    }
  });

  it('cannot attach, type or resize over the websocket, even with the service token', async () => {
    const credentials = [
      { kind: 'cli' as const, token: mallory.token },
      { kind: 'service' as const, token: fx.daemon.serviceToken() },
    ];
    for (const credential of credentials) {
      const ws = wsClient(fx.daemon, credential);
      try {
        expect(await codeOf(ws.client.terminal.input.mutate({ sessionId, data: 'echo pwned\r' }))).toBe('NOT_FOUND');
        expect(await codeOf(ws.client.terminal.resize.mutate({ sessionId, cols: 10, rows: 10 }))).toBe('NOT_FOUND');
        const a = attach(ws.client, { sessionId });
        const ended = await a.ended;
        expect(ended).toBeInstanceOf(TRPCClientError);
        expect(((ended as TRPCClientError<never>).data as unknown as { code: string }).code).toBe('NOT_FOUND');
        expect(a.received).toEqual([]);
      } finally {
        await ws.close();
      }
    }
  });

  it('left the previous owner’s session untouched', async () => {
    fx.daemon = (await handOver(fx.daemon, { SHELL: '/bin/bash' })).daemon;
    const owner = cliClient(fx.daemon);
    const session = await owner.client.sessions.get.query({ id: sessionId });
    expect(session).toMatchObject({ name: 'private', status: 'active' });
    const text = (await owner.client.sessions.scrollback.query({ id: sessionId })).text;
    expect(text).not.toContain('pwned');
    await owner.close();
  });
});
