import type { ShareStreamEvent } from '@rdv/contract';

/** What the viewer page shows besides the terminal. */
export type ViewerStatus =
  | { kind: 'connecting' }
  | { kind: 'live' }
  | { kind: 'ended'; message: string }
  | { kind: 'refused'; message: string };

/** The secret from the page's fragment (`/share#rdvs_...`), or null when there is none. */
export function secretFromHash(hash: string): string | null {
  const secret = hash.replace(/^#/, '').trim();
  return secret.length > 0 && secret.length <= 128 ? secret : null;
}

/** What the viewer tells a person when the stream ends for `event`. */
export function endMessage(event: Extract<ShareStreamEvent, { type: 'ended' | 'exit' }>): string {
  if (event.type === 'exit') return 'The shared session ended.';
  switch (event.reason) {
    case 'revoked':
      return 'This link was revoked: the session is no longer shared with you.';
    case 'expired':
      return 'This link has expired.';
    case 'closed':
      return 'The shared session was closed.';
  }
}

/** A refusal from the server, in words for someone who is not a user. */
export function refusalMessage(serverMessage: string): string {
  if (/revoked/.test(serverMessage)) return 'This link was revoked: the session is no longer shared with you.';
  if (/expired/.test(serverMessage)) return 'This link has expired.';
  if (/closed/.test(serverMessage)) return 'The shared session was closed.';
  if (/too many/.test(serverMessage)) return 'Too many attempts from here; try again in a few minutes.';
  return 'This link is not valid. Ask for a new one.';
}

/**
 * The scale at which a terminal `naturalWidth` pixels wide fits `available` pixels: the viewer
 * never resizes the shared pane, so a narrow screen shows it smaller instead.
 */
export function fitScale(naturalWidth: number, available: number): number {
  if (naturalWidth <= 0 || available <= 0) return 1;
  return Math.min(1, available / naturalWidth);
}
