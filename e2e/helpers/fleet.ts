import { startSshHost, type SshHost } from '../../tests/helpers/ssh-host.ts';
import { startStack, type Stack } from './stack.ts';

/**
 * The fleet's browser tests start here: a second OS account behind a real sshd (its own
 * rdv-server), and this machine's rdv with that account added as host `name`.
 */
export async function startHomeWithHost(name: string): Promise<{ remote: SshHost; stack: Stack }> {
  const remote = await startSshHost();
  const stack = await startStack();
  await stack.call('mutation', 'hosts.add', {
    name,
    destination: '127.0.0.1',
    sshOptions: remote.sshOptions,
  });
  return { remote, stack };
}
