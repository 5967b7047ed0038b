import { describe, expect, it } from 'vitest';
import { rdvClientKind } from './stale-clients.ts';

const SOCKET = '/home/me/.rdv/tmux.sock';

describe('rdvClientKind', () => {
  it('recognises the wait-for waiter and the control client on our socket', () => {
    expect(rdvClientKind(['tmux', '-S', SOCKET, '-f', '/dev/null', 'wait-for', 'rdv-pane-died-rdv-abc'], SOCKET)).toBe('wait-for');
    expect(rdvClientKind(['/usr/bin/tmux', '-u', '-S', SOCKET, '-C', 'attach-session', '-t', '=rdv-abc'], SOCKET)).toBe('control');
  });

  it("recognises the daemon's own control channel and its one any-pane-died waiter", () => {
    const channel = ['tmux', '-u', '-S', SOCKET, '-f', '/dev/null', '-C', 'attach-session', '-f', 'ignore-size,no-output', '-t', '=rdv-abc'];
    expect(rdvClientKind(channel, SOCKET)).toBe('control');
    expect(rdvClientKind(['tmux', '-S', SOCKET, '-f', '/dev/null', 'wait-for', 'rdv-pane-died-any'], SOCKET)).toBe('wait-for');
  });

  it('leaves alone what is not ours: other sockets, signals, people attached, other channels', () => {
    expect(rdvClientKind(['tmux', '-S', '/tmp/other.sock', 'wait-for', 'rdv-pane-died-rdv-abc'], SOCKET)).toBeNull();
    expect(rdvClientKind(['tmux', '-S', SOCKET, 'wait-for', 'my-channel'], SOCKET)).toBeNull();
    expect(rdvClientKind(['tmux', '-u', '-S', SOCKET, 'attach-session', '-t', '=rdv-abc'], SOCKET)).toBeNull();
    expect(rdvClientKind(['tmux', '-S', SOCKET, '-C', 'attach-session', '-t', 'work'], SOCKET)).toBeNull();
    expect(rdvClientKind(['bash', '-S', SOCKET, 'wait-for', 'rdv-pane-died-x'], SOCKET)).toBeNull();
  });
});
