import { describe, expect, it } from 'vitest';
import { removalRefusal } from './worktree-refusal';

// The wording of WorktreeService.remove (packages/api/src/services/workspace/worktrees/worktree-service.ts) and
// describeWork (worktree-git.ts).
const refusal = (work: string) =>
  `worktree /src/app-worktrees/feat has ${work}; commit and push them, or pass force to remove it anyway`;

describe('removalRefusal', () => {
  it('counts the uncommitted files, with their kinds', () => {
    expect(removalRefusal(refusal('1 changed, 2 untracked file(s)'))).toEqual({
      question:
        'This worktree has uncommitted changes: 3 files (1 changed, 2 untracked). Remove anyway?',
      confirm: 'Remove anyway (the uncommitted changes are lost)',
    });
  });

  it('says one file, and commits not pushed', () => {
    expect(removalRefusal(refusal('1 staged file(s) and 2 unpushed commit(s)')).question).toBe(
      'This worktree has uncommitted changes: 1 file (1 staged) and 2 commits not pushed (the branch keeps them). Remove anyway?',
    );
  });

  it('only commits: nothing is lost by removing, so the button says no more', () => {
    expect(removalRefusal(refusal('1 unpushed commit(s)'))).toEqual({
      question: 'This worktree has 1 commit not pushed (the branch keeps it). Remove anyway?',
      confirm: 'Remove anyway',
    });
  });

  it('never shows the API wording', () => {
    for (const message of [
      refusal('1 conflicted file(s)'),
      'removing /x: git worktree remove failed; or pass force to remove it anyway',
      'removing /x: fatal: something git said',
    ]) {
      const { question } = removalRefusal(message);
      expect(question).not.toMatch(/pass force|commit and push them/);
      expect(question).toMatch(/Remove (it )?anyway\?$/);
    }
    expect(removalRefusal('removing /x: fatal: something git said').question).toBe(
      'This worktree could not be removed: removing /x: fatal: something git said. Remove it anyway?',
    );
  });
});
