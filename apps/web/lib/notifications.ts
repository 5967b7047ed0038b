/** Browser notifications are opt-in: a toggle in the header asks for permission and sets this. */
const STORAGE_KEY = 'rdv.notifications';

export function notificationsSupported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

export function notificationsEnabled(): boolean {
  return (
    notificationsSupported() &&
    Notification.permission === 'granted' &&
    localStorage.getItem(STORAGE_KEY) === 'on'
  );
}

/** Asks for permission (on a click: browsers refuse otherwise) and remembers the choice. */
export async function setNotificationsEnabled(on: boolean): Promise<boolean> {
  if (!notificationsSupported()) return false;
  if (on && Notification.permission !== 'granted') {
    const answer = await Notification.requestPermission();
    if (answer !== 'granted') return false;
  }
  localStorage.setItem(STORAGE_KEY, on ? 'on' : 'off');
  return on;
}

/** The session the user is looking at: no notification for it while the page is visible. */
let watchedSession: string | null = null;
export function setWatchedSession(sessionId: string | null): void {
  watchedSession = sessionId;
}

/** Clicking a notification focuses the page and opens that session (see dashboard). */
export function notify(title: string, body: string, sessionId: string): void {
  if (!notificationsEnabled()) return;
  if (document.visibilityState === 'visible' && document.hasFocus() && watchedSession === sessionId)
    return;
  const notification = new Notification(title, { body, tag: `rdv-${sessionId}` });
  notification.onclick = () => {
    window.focus();
    location.hash = `session=${sessionId}`;
    notification.close();
  };
}

/** What a notification says when a session starts waiting: its name, and the question quoted. */
export function waitingNotification(
  sessionName: string,
  question: string | undefined,
): { title: string; body: string } {
  const quoted = question?.trim();
  return {
    title: `${sessionName} is waiting for input`,
    body: quoted ? `“${quoted}”` : 'It is waiting for your answer.',
  };
}
