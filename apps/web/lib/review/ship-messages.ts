import type { WorktreeCommitResult, WorktreePullRequestResult, WorktreePushResult } from '@rdv/api';

/** What a ship action says when it is done: a sentence, and a link to follow when there is one. */
export interface ShipNotice {
  kind: 'ok' | 'error';
  text: string;
  link?: { href: string; label: string };
}

const short = (commit: string) => commit.slice(0, 7);

export function commitNotice(result: WorktreeCommitResult): ShipNotice {
  const files = `${result.files} file${result.files === 1 ? '' : 's'}`;
  return {
    kind: 'ok',
    text: `Committed ${short(result.commit)} “${result.subject}” on ${result.branch} (${files}).`,
  };
}

export function pushNotice(result: WorktreePushResult): ShipNotice {
  const where = `${result.remote}/${result.remoteBranch}`;
  if (result.result === 'up-to-date')
    return { kind: 'ok', text: `Nothing to push: ${where} already has ${short(result.commit)}.` };
  const what = result.result === 'new' ? `new branch ${where}` : where;
  const upstream = result.upstreamSet ? ` ${result.branch} now tracks it.` : '';
  return {
    kind: 'ok',
    text: `Pushed ${result.branch} to ${what} (${short(result.commit)}).${upstream}`,
  };
}

export function pullRequestNotice(result: WorktreePullRequestResult): ShipNotice {
  if (result.url)
    return {
      kind: 'ok',
      text: result.created
        ? `Opened a pull request for ${result.branch}${result.base ? ` into ${result.base}` : ''}:`
        : `${result.branch} already has a pull request:`,
      link: { href: result.url, label: result.url },
    };
  const reason = result.reason ?? 'No pull request was created.';
  return {
    kind: 'error',
    text: `No pull request created: ${reason}${result.compareUrl ? ' Open one on the compare page:' : ''}`,
    link: result.compareUrl ? { href: result.compareUrl, label: result.compareUrl } : undefined,
  };
}

/** A refusal from the API, in a sentence that says which action it was. */
export function refusalNotice(action: string, message: string): ShipNotice {
  return { kind: 'error', text: `${action} refused: ${message}` };
}
