import { describe, expect, it } from 'vitest';
import { commitNotice, pullRequestNotice, pushNotice } from './ship-messages';

const base = { path: '/w', branch: 'feat/x' };

describe('ship notices', () => {
  it('say what a commit and a push did', () => {
    expect(commitNotice({ ...base, commit: 'abcdef0123', subject: 'Fix it', files: 2 }).text).toBe(
      'Committed abcdef0 “Fix it” on feat/x (2 files).',
    );
    const push = { ...base, remote: 'origin', remoteBranch: 'feat/x', commit: 'abcdef0123' };
    expect(pushNotice({ ...push, result: 'new', upstreamSet: true }).text).toBe(
      'Pushed feat/x to new branch origin/feat/x (abcdef0). feat/x now tracks it.',
    );
    expect(pushNotice({ ...push, result: 'up-to-date', upstreamSet: false }).text).toMatch(
      /^Nothing to push/,
    );
  });

  it('link the pull request, or say why there is none and link the compare page', () => {
    const created = pullRequestNotice({
      ...base,
      base: 'main',
      created: true,
      url: 'https://github.com/o/r/pull/7',
      compareUrl: null,
      reason: null,
    });
    expect(created.kind).toBe('ok');
    expect(created.link?.href).toBe('https://github.com/o/r/pull/7');
    const refused = pullRequestNotice({
      ...base,
      base: 'main',
      created: false,
      url: null,
      compareUrl: 'https://github.com/o/r/compare/main...feat/x?expand=1',
      reason: 'gh is not installed.',
    });
    expect(refused.kind).toBe('error');
    expect(refused.text).toContain('gh is not installed');
    expect(refused.link?.href).toContain('/compare/main...feat/x');
  });
});
