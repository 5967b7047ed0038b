import { describe, expect, it } from 'vitest';
import type { Session } from '../api/types.ts';
import { allHostsTable, type HostSessions } from './list-all-hosts.ts';

const NOW = Date.parse('2026-12-07T07:00:00Z');

function session(id: string, name: string, cwd: string): Session {
  return {
    id,
    name,
    kind: 'shell',
    status: 'active',
    agentStatus: null,
    exitCode: null,
    resumable: false,
    cwd,
    createdAt: new Date(NOW - 60_000).toISOString(),
    lastActivityAt: null,
  } as unknown as Session;
}

describe('allHostsTable', () => {
  it('lists this machine first, then hosts with qualified ids, and a row per host that is down', () => {
    const listing: HostSessions[] = [
      {
        host: null,
        state: 'connected',
        reason: null,
        sessions: [session('aaaa1111bbbb', 'here', '/tmp')],
      },
      {
        host: 'gpu',
        state: 'connected',
        reason: null,
        sessions: [session('cccc2222dddd', 'train', '/srv/run')],
      },
      { host: 'vm', state: 'unreachable', reason: 'ssh vm: Connection refused', sessions: [] },
    ];
    const lines = allHostsTable(listing, NOW).trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^HOST\s+ID\s+NAME\s+KIND\s+STATUS\s+ACTIVITY\s+CWD$/);
    expect(lines[1]).toMatch(/^local\s+aaaa1111\s+here\s+shell\s+active\s+/);
    expect(lines[2]).toMatch(/^gpu\s+gpu:cccc2222\s+train\s+shell\s+active\s+.*\/srv\/run$/);
    expect(lines[3]).toMatch(/^vm\s+-\s+-\s+-\s+unreachable: ssh vm: Connection refused\s+-\s+-$/);
  });
});
