import { errorCode, errorMessage } from '../format';

/** Why there is no diff to show, for the view's one line. */
export function reviewErrorText(error: unknown, cwd: string): string {
  const message = errorMessage(error);
  // The API reviews the repository a folder is in (from any of its subfolders); a folder outside
  // git is refused.
  if (/not a git repository|not in a git repository/i.test(message))
    return `This session's folder (${cwd}) is not in a git repository or worktree: there are no changes to show.`;
  return `The changes could not be read: ${message}`;
}

/**
 * The injection guard refused the message: a comment looks like a destructive command (the API
 * answers FORBIDDEN and offers `force`). The person may send it anyway, knowingly (audited as
 * forced); any other failure is not theirs to override.
 */
export function isGuardRefusal(error: unknown): boolean {
  return errorCode(error) === 'FORBIDDEN' && /\bforce\b/.test(errorMessage(error));
}

/** The guard's refusal without its advice to API callers ("send it with force: true ..."). */
export function sendFailureText(error: unknown): string {
  const message = errorMessage(error).replace(/;\s*send it with force: true.*$/i, '');
  return isGuardRefusal(error)
    ? `Not sent: ${message}. Check the comments; "Send anyway" types them as they are.`
    : `Not sent: ${message}`;
}
