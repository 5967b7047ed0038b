import type { ReviewComment } from '../../../schemas/worktree-review.ts';

/** Spaces before each line of a comment's text, under its file:lines heading. */
const INDENT = '   ';

/**
 * The ONE message that carries review comments to an agent: a line saying what it is, then per
 * comment its place as `file:start-end` (the form agents and editors read as a location; "before
 * the change" for lines of the old side, which no longer exist in the file) and its text,
 * indented. Line breaks are kept (the message is pasted, so they do not send it); tabs become
 * spaces and carriage returns line breaks, since the injection guard takes any other control
 * character for a key.
 */
export function formatReviewComments(comments: readonly ReviewComment[]): string {
  const count = comments.length;
  const heading =
    count === 1
      ? 'Review comment on your changes; please address it:'
      : `Review comments on your changes (${count}); please address them:`;
  const blocks = comments.map((comment, index) => {
    const lines =
      comment.startLine === comment.endLine
        ? `${comment.startLine}`
        : `${comment.startLine}-${comment.endLine}`;
    const side = comment.side === 'old' ? ' (before the change)' : '';
    const text = comment.text
      .replace(/\r\n?/g, '\n')
      .replace(/\t/g, '  ')
      .split('\n')
      .map((line) => `${INDENT}${line}`.trimEnd())
      .join('\n');
    return `${index + 1}. ${comment.file}:${lines}${side}\n${text}`;
  });
  return [heading, ...blocks].join('\n\n');
}
