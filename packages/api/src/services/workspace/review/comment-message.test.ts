import { findDestructivePattern } from '@rdv/policy/exec-guard';
import { describe, expect, it } from 'vitest';
import { sendReviewCommentsInput } from '../../../schemas/worktree-review.ts';
import { formatReviewComments } from './comment-message.ts';

describe('formatReviewComments', () => {
  it('quotes each file:lines and its text, numbered, in one message', () => {
    const text = formatReviewComments([
      { file: 'src/app.ts', startLine: 12, endLine: 14, side: 'new', text: 'Rename this: it does more than parse.' },
      { file: 'src/old.ts', startLine: 5, endLine: 5, side: 'old', text: 'Why was this check removed?\nIt guarded\tempty input.' },
    ]);
    expect(text).toBe(
      [
        'Review comments on your changes (2); please address them:',
        '',
        '1. src/app.ts:12-14',
        '   Rename this: it does more than parse.',
        '',
        '2. src/old.ts:5 (before the change)',
        '   Why was this check removed?',
        '   It guarded  empty input.',
      ].join('\n'),
    );
  });

  it('says "comment" for one, keeps blank lines and turns CR line breaks into LF', () => {
    const text = formatReviewComments([
      { file: 'a.md', startLine: 1, endLine: 2, side: 'new', text: 'First\r\n\r\nSecond\rThird' },
    ]);
    expect(text).toBe('Review comment on your changes; please address it:\n\n1. a.md:1-2\n   First\n\n   Second\n   Third');
  });

  it('passes the injection guard for ordinary review prose (no control character but newlines)', () => {
    const text = formatReviewComments([
      { file: 'src/a.ts', startLine: 1, endLine: 1, side: 'new', text: "Don't swallow the error; log it.\n\tThen return null!" },
      { file: 'README.md', startLine: 3, endLine: 9, side: 'new', text: 'Use `npm run build` here (not "make"); see #12.' },
    ]);
    expect(text).not.toMatch(/[\t\r]/);
    expect(findDestructivePattern(text)).toBeNull();
  });
});

describe('sendReviewCommentsInput', () => {
  const comment = { file: 'a.ts', startLine: 1, endLine: 1, side: 'new', text: 'x' };

  it('takes 1 to 50 comments with sane lines and text', () => {
    expect(sendReviewCommentsInput.safeParse({ sessionId: 's1', comments: [comment] }).success).toBe(true);
    expect(sendReviewCommentsInput.safeParse({ sessionId: 's1', comments: [] }).success).toBe(false);
    expect(sendReviewCommentsInput.safeParse({ sessionId: 's1', comments: Array(51).fill(comment) }).success).toBe(false);
  });

  it.each([
    ['an end before the start', { startLine: 5, endLine: 4 }],
    ['line 0', { startLine: 0 }],
    ['an empty text', { text: '   ' }],
    ['an escape character', { text: 'x\u001b[2J' }],
    ['a C1 control', { text: 'x\u009b' }],
    ['an absolute file', { file: '/etc/passwd' }],
    ['a .. segment', { file: 'a/../../b' }],
    ['another side', { side: 'both' }],
    ['a text over 4,000 characters', { text: 'x'.repeat(4_001) }],
  ])('refuses %s', (_what, change) => {
    expect(sendReviewCommentsInput.safeParse({ sessionId: 's1', comments: [{ ...comment, ...change }] }).success).toBe(false);
  });
});
