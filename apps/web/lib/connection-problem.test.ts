import { describe, expect, it } from 'vitest';
import { connectionProblem } from './connection-problem';

describe('connectionProblem', () => {
  it('says nothing when online and nothing failed', () => {
    expect(connectionProblem(true, null)).toBeNull();
  });

  it('says the browser is offline, whatever the requests say', () => {
    expect(connectionProblem(false, new Error('Failed to fetch'))).toMatch(/^You are offline\./);
    expect(connectionProblem(false, null)).toMatch(/^You are offline\./);
  });

  it('blames the web server when nothing answered at all', () => {
    for (const message of [
      'Failed to fetch',
      'NetworkError when attempting to fetch resource.',
      'Load failed',
    ])
      expect(connectionProblem(true, new Error(message))).toBe(
        `The rdv web server cannot be reached (${message}). Is it still running?`,
      );
  });

  it('blames rdv-server when the web server answered for it', () => {
    expect(connectionProblem(true, new Error('rdv-server is not reachable (ENOENT)'))).toBe(
      'rdv-server is not answering: rdv-server is not reachable (ENOENT)',
    );
    expect(connectionProblem(true, { message: 'rdv-server is starting' })).toMatch(/^rdv-server/);
  });
});
