/**
 * The `owner/repo` of a GitHub remote URL, in any form git accepts for github.com:
 * https://github.com/o/r(.git), https://user@github.com/o/r, git@github.com:o/r.git,
 * ssh://git@github.com(:22)/o/r.git, git://github.com/o/r. Null for any other host.
 */
export function githubRepository(remoteUrl: string): { owner: string; repo: string } | null {
  const url = remoteUrl.trim();
  const scp = /^(?:[\w.-]+@)?github\.com:\/?([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/i.exec(url);
  const full = /^(?:https?|ssh|git|git\+ssh):\/\/(?:[^@/]+@)?(?:www\.)?github\.com(?::\d+)?\/([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/i.exec(url);
  const match = scp ?? full;
  if (!match?.[1] || !match[2]) return null;
  return { owner: match[1], repo: match[2] };
}

/**
 * GitHub's page for opening a pull request of `branch` into `base` by hand:
 * https://github.com/o/r/compare/<base>...<branch>?expand=1 (without a base, GitHub compares with
 * the repository's default branch). Null when the remote is not on github.com.
 */
export function compareUrl(remoteUrl: string | null, base: string | null, branch: string): string | null {
  const repository = remoteUrl === null ? null : githubRepository(remoteUrl);
  if (!repository) return null;
  // Branch names keep their slashes; anything else unusual is percent-encoded.
  const encode = (ref: string) => ref.split('/').map(encodeURIComponent).join('/');
  const range = base === null ? encode(branch) : `${encode(base)}...${encode(branch)}`;
  return `https://github.com/${repository.owner}/${repository.repo}/compare/${range}?expand=1`;
}
