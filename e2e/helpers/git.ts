import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A small git repository with one commit, inside `parent`. */
export function makeRepo(parent: string, name = 'repo'): string {
  const repo = join(parent, name);
  mkdirSync(repo, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', repo, ...args], { stdio: 'pipe', env: gitEnv() });
  git('init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'README.md'), '# demo\n');
  writeFileSync(join(repo, 'app.ts'), 'export const answer = 42;\n');
  git('add', '.');
  git('commit', '-q', '-m', 'first commit');
  return repo;
}

export function gitEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_AUTHOR_NAME: 'rdv e2e',
    GIT_AUTHOR_EMAIL: 'e2e@rdv.invalid',
    GIT_COMMITTER_NAME: 'rdv e2e',
    GIT_COMMITTER_EMAIL: 'e2e@rdv.invalid',
  };
}
