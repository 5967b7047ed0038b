import { titleWithCount } from './attention';

// The page title has two owners: the dashboard names the open session, the attention roll-up
// counts sessions waiting for the user. Each sets its part; the title is always both.
let base = 'rdv';
let waiting = 0;

/** The title without the count: `api · rdv`, or `rdv`. */
export function setTitleBase(title: string): void {
  base = title;
  document.title = titleWithCount(base, waiting);
}

/** How many sessions wait for the user: the title becomes `(2) api · rdv`. */
export function setWaitingCount(count: number): void {
  waiting = count;
  document.title = titleWithCount(base, waiting);
}
