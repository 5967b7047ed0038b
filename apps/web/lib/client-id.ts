/**
 * This browser tab's id towards the daemon (`clientId`): kept across reloads of the tab
 * (sessionStorage), different in every tab, so the daemon can tell who typed last.
 */
export function tabClientId(): string {
  const key = 'rdv.clientId';
  let id = sessionStorage.getItem(key);
  if (!id || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) {
    const bytes = crypto.getRandomValues(new Uint8Array(9));
    id = `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
    sessionStorage.setItem(key, id);
  }
  return id;
}
