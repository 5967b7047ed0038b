import { describe, expect, it } from 'vitest';
import { hostAddInput } from './hosts.ts';

const add = (input: Record<string, unknown>) =>
  hostAddInput.safeParse({ name: 'gpu', destination: 'me@gpu', ...input });

describe('hostAddInput', () => {
  it('takes what ssh takes as a destination, and Key=value options', () => {
    for (const destination of ['me@gpu.example.org', 'gpu', 'ssh://me@gpu:2222', 'me@[::1]'])
      expect(add({ destination }).success).toBe(true);
    expect(
      add({ sshOptions: ['Port=2222', 'ProxyJump=me@bastion', 'IdentityFile=/home/me/.ssh/id ed'] })
        .success,
    ).toBe(true);
  });

  it('refuses names that are not short, lower-case and file-safe', () => {
    for (const name of ['', 'GPU', 'gpu box', '-gpu', '../x', 'a'.repeat(33), 'gpu:1'])
      expect(add({ name }).success).toBe(false);
  });

  it('refuses a destination ssh would read as an option, or with spaces or control characters', () => {
    for (const destination of ['-oProxyCommand=sh', 'me@gpu ls', 'me@gpu\n', 'gpu\u0000', ''])
      expect(add({ destination }).success).toBe(false);
  });

  it('refuses options that are not Key=value, span lines, or turn host key checking off', () => {
    for (const option of [
      'Port',
      '-p 22',
      'Port=22\nProxyCommand=sh',
      '=x',
      'StrictHostKeyChecking=no',
      'stricthostkeychecking=accept-new',
    ])
      expect(add({ sshOptions: [option] }).success).toBe(false);
    expect(add({ sshOptions: ['StrictHostKeyChecking=yes'] }).success).toBe(true);
  });
});
