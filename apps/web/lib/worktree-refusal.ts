/**
 * The API's refusal to remove a worktree (`worktrees.remove` without force answers
 * PRECONDITION_FAILED, "worktree <path> has 1 staged, 2 changed file(s) and 3 unpushed
 * commit(s); commit and push them, or pass force to remove it anyway"), in the words of the
 * person reading the panel, and what "Remove anyway" would lose.
 */
export interface RemovalRefusal {
  /** The question to show, e.g. "This worktree has uncommitted changes: 3 files …. Remove anyway?" */
  question: string;
  /** The label of the button that removes it anyway. */
  confirm: string;
}

const FILE_KINDS = ['staged', 'changed', 'untracked', 'conflicted'] as const;

export function removalRefusal(message: string): RemovalRefusal {
  const counts = FILE_KINDS.map((kind) => {
    const match = new RegExp(`(\\d+) ${kind}\\b`).exec(message);
    return { kind, count: match ? Number(match[1]) : 0 };
  }).filter((c) => c.count > 0);
  const files = counts.reduce((sum, c) => sum + c.count, 0);
  const commits = Number(/(\d+) unpushed commit/.exec(message)?.[1] ?? 0);

  const parts: string[] = [];
  if (files > 0) {
    const detail = counts.map((c) => `${c.count} ${c.kind}`).join(', ');
    parts.push(`uncommitted changes: ${plural(files, 'file')} (${detail})`);
  }
  if (commits > 0)
    parts.push(
      `${plural(commits, 'commit')} not pushed (the branch keeps ${commits === 1 ? 'it' : 'them'})`,
    );
  if (parts.length === 0) {
    // Not the refusal we know (git itself refused): say so without the API's vocabulary.
    const why = message.replace(/;?\s*(commit and push them, )?or pass force\b.*$/i, '').trim();
    return {
      question: `This worktree could not be removed${why ? `: ${why}` : ''}. Remove it anyway?`,
      confirm: 'Remove anyway',
    };
  }
  return {
    question: `This worktree has ${parts.join(' and ')}. Remove anyway?`,
    confirm: files > 0 ? 'Remove anyway (the uncommitted changes are lost)' : 'Remove anyway',
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
