import { describe, expect, it } from 'vitest';
import {
  attentionStatus,
  matchesFilter,
  rollUpStatus,
  titleWithCount,
  waitingAnnouncement,
} from './attention';
import { waitingNotification } from './notifications';

describe('rollUpStatus', () => {
  it('shows the most urgent status: waiting > error > stalled > running', () => {
    expect(rollUpStatus(['running', 'idle', 'waiting', 'error'])).toBe('waiting');
    expect(rollUpStatus(['running', 'stalled', 'error'])).toBe('error');
    expect(rollUpStatus(['running', 'stalled'])).toBe('stalled');
    expect(rollUpStatus(['idle', 'running'])).toBe('running');
  });

  it('counts a session that ended badly as an error, one that ended well as nothing', () => {
    expect(attentionStatus({ status: 'exited', exitCode: 3 }, 'exited')).toBe('error');
    expect(attentionStatus({ status: 'exited', exitCode: null }, 'exited')).toBe('error');
    expect(attentionStatus({ status: 'exited', exitCode: 0 }, 'exited')).toBe('exited');
    expect(attentionStatus({ status: 'active', exitCode: null }, 'waiting')).toBe('waiting');
  });

  it('shows nothing for sessions at rest', () => {
    expect(rollUpStatus(['idle', 'exited', 'suspended', 'active'])).toBeNull();
    expect(rollUpStatus([])).toBeNull();
  });
});

describe('titles and words', () => {
  it('prefixes the waiting count', () => {
    expect(titleWithCount('rdv', 2)).toBe('(2) rdv');
    expect(titleWithCount('api · rdv', 0)).toBe('api · rdv');
  });

  it('names the session and quotes the question', () => {
    expect(waitingNotification('api', 'Apply the change? (y/n)')).toEqual({
      title: 'api is waiting for input',
      body: '“Apply the change? (y/n)”',
    });
    expect(waitingNotification('api', undefined).body).toBe('It is waiting for your answer.');
    expect(waitingAnnouncement('api', 'Continue?')).toBe('api is waiting: Continue?');
    expect(waitingAnnouncement('api', '')).toBe('api is waiting for input');
  });
});

describe('matchesFilter', () => {
  const fields = { name: 'build', folderPath: 'work / rdv', cwd: '/home/a/src/rdv' };
  it('matches every word against name, folder and cwd, ignoring case', () => {
    expect(matchesFilter('', fields)).toBe(true);
    expect(matchesFilter('BUILD', fields)).toBe(true);
    expect(matchesFilter('work build', fields)).toBe(true);
    expect(matchesFilter('src/rdv', fields)).toBe(true);
    expect(matchesFilter('build deploy', fields)).toBe(false);
  });
});
