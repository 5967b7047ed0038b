import { describe, expect, it } from 'vitest';
import { isGuardRefusal, reviewErrorText, sendFailureText } from './review-errors';

/** A tRPC client error as the dashboard receives it. */
const trpcError = (code: string, message: string) =>
  Object.assign(new Error(message), { data: { code } });

describe('review errors', () => {
  it('say when the folder is not in a repository', () => {
    const error = trpcError('BAD_REQUEST', 'worktree "/home/me": "/home/me" is not in a git repository or worktree');
    expect(reviewErrorText(error, '/home/me')).toBe(
      "This session's folder (/home/me) is not in a git repository or worktree: there are no changes to show.",
    );
    expect(reviewErrorText(trpcError('INTERNAL_SERVER_ERROR', 'git timed out'), '/x')).toBe(
      'The changes could not be read: git timed out',
    );
  });

  it('offer to send anyway only when the injection guard refused', () => {
    const guard = trpcError(
      'FORBIDDEN',
      'refused to type into session s1: it deletes files recursively (rule rm-rf); send it with force: true if you really mean it',
    );
    expect(isGuardRefusal(guard)).toBe(true);
    expect(sendFailureText(guard)).toBe(
      'Not sent: refused to type into session s1: it deletes files recursively (rule rm-rf). Check the comments; "Send anyway" types them as they are.',
    );
    const gone = trpcError('NOT_FOUND', 'session s1 not found');
    expect(isGuardRefusal(gone)).toBe(false);
    expect(sendFailureText(gone)).toBe('Not sent: session s1 not found');
    expect(isGuardRefusal(trpcError('FORBIDDEN', 'not your session'))).toBe(false);
  });
});
