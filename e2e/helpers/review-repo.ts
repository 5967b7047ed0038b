// A repository with a real history for the diff view: a branch with a rename, a binary file and
// a code change committed, more work uncommitted, and a local bare repository to push to.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, makeRepo } from '@rdv/test-support';

/** The branch the work is on, and the GitHub repository its origin claims to be. */
export const REVIEW_BRANCH = 'feat/review';
export const GITHUB_URL = 'https://github.com/rdv-e2e/review-demo.git';

/** src/app.ts on main: 40 lines, line 5 a constant, the others small functions. */
function appSource(answer: number, thirty: string): string {
  return (
    Array.from({ length: 40 }, (_, i) => {
      const line = i + 1;
      if (line === 5) return `export const answer = ${answer};`;
      if (line === 30) return `export function f30(): string { return '${thirty}'; }`;
      return `export function f${line}(): number { return ${line}; }`;
    }).join('\n') + '\n'
  );
}

const GUIDE = Array.from({ length: 10 }, (_, i) => `Step ${i + 1} of the guide.`).join('\n') + '\n';
/** A few bytes of a PNG: git sees the NULs and calls it binary. */
const PNG = (tail: number) =>
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, tail]);

export interface ReviewRepo {
  repo: string;
  /** The bare repository `git push` sends to (origin's push URL). */
  remote: string;
}

/**
 * `<home>/review` on branch feat/review, compared with main:
 * - committed on the branch: docs/old-name.md renamed to docs/guide.md (one line changed),
 *   logo.png changed (binary), src/app.ts line 30 changed;
 * - uncommitted: src/app.ts line 5 changed, notes.txt new and untracked.
 * origin's URL is on github.com (so the API can name a compare page) but pushes go to the local
 * bare repository (`pushInsteadOf`).
 */
export function makeReviewRepo(home: string): ReviewRepo {
  const remote = join(home, 'review-remote.git');
  mkdirSync(remote);
  git(remote, 'init', '-q', '--bare', '-b', 'main');

  const repo = makeRepo(join(home, 'review'), {
    tracked: {
      'README.md': '# review demo\n',
      'src/app.ts': appSource(42, 'thirty'),
      'docs/old-name.md': GUIDE,
    },
    untracked: {},
    message: 'first commit',
  });
  writeFileSync(join(repo, 'logo.png'), PNG(1));
  git(repo, 'add', 'logo.png');
  git(repo, 'commit', '-q', '-m', 'add the logo');
  git(repo, 'remote', 'add', 'origin', GITHUB_URL);
  git(repo, 'config', `url.${remote}.pushInsteadOf`, GITHUB_URL);

  git(repo, 'switch', '-q', '-c', REVIEW_BRANCH);
  git(repo, 'mv', 'docs/old-name.md', 'docs/guide.md');
  writeFileSync(join(repo, 'docs/guide.md'), GUIDE.replace('Step 3 of', 'Step three of'));
  writeFileSync(join(repo, 'logo.png'), PNG(2));
  writeFileSync(join(repo, 'src/app.ts'), appSource(42, 'THIRTY'));
  git(repo, 'add', '--all');
  git(repo, 'commit', '-q', '-m', 'rename the guide, new logo, louder f30');

  writeFileSync(join(repo, 'src/app.ts'), appSource(43, 'THIRTY'));
  writeFileSync(join(repo, 'notes.txt'), 'remember the milk\n');
  return { repo, remote };
}

/** The subject of a branch's last commit in the bare repository, or null without the branch. */
export function remoteSubject(remote: string, branch: string): string | null {
  try {
    return execFileSync(
      'git',
      ['--git-dir', remote, 'log', '-1', '--format=%s', `refs/heads/${branch}`],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    ).trim();
  } catch {
    return null;
  }
}
