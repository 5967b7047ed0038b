import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiClient,
  cleanupHome,
  cliClient,
  rawRequest,
  startDaemon,
  type DaemonProcess,
} from '../helpers/daemon.ts';
import { codeOf } from '../helpers/trpc-errors.ts';


/** `users.ensure`: how the web app finds or creates the person Cloudflare Access let in. */
describe('users.ensure', () => {
  let daemon: DaemonProcess;
  beforeAll(async () => {
    daemon = await startDaemon();
  });
  afterAll(async () => {
    await daemon.stop();
    cleanupHome(daemon.home);
  });

  /** The service token alone, without X-RDV-User-ID, as the web app calls it. */
  const ensure = (email: string, token = daemon.serviceToken()) =>
    rawRequest(daemon.apiSocket, {
      method: 'POST',
      path: '/users.ensure',
      headers: { 'content-type': 'application/json', 'x-rdv-service-token': token },
      body: JSON.stringify({ email }),
    });

  it('creates the user on first use and finds the same one afterwards, case-insensitively', async () => {
    const first = await ensure('New.Person@Example.com');
    expect(first.status).toBe(200);
    const user = first.body.result.data;
    expect(user).toMatchObject({
      email: 'new.person@example.com',
      username: 'new.person@example.com',
    });
    const again = await ensure('new.person@example.com');
    expect(again.body.result.data.id).toBe(user.id);

    // The web app can then act for them.
    const asUser = apiClient(daemon, {
      kind: 'service',
      token: daemon.serviceToken(),
      userId: user.id,
    });
    try {
      expect((await asUser.client.me.get.query()).user.email).toBe('new.person@example.com');
    } finally {
      await asUser.close();
    }
  });

  it('is refused to CLI tokens and to a wrong service token', async () => {
    const cli = cliClient(daemon);
    try {
      expect(await codeOf(cli.client.users.ensure.mutate({ email: 'x@example.com' }))).toBe(
        'FORBIDDEN',
      );
    } finally {
      await cli.close();
    }
    expect((await ensure('x@example.com', 'not-the-token')).status).toBe(403);
  });

  it('refuses what is not an email address', async () => {
    expect((await ensure('not an email')).status).toBe(400);
  });
});
