/**
 * `Content-Disposition: attachment` for a download: the browser saves the bytes (never shows
 * them inline, where an HTML file would run as a page of the dashboard's origin) under a safe
 * name. `filename` is an ASCII stand-in (quotes, backslashes, control and non-ASCII characters
 * replaced); `filename*` (RFC 6266 / 8187) carries the real name, percent-encoded UTF-8.
 */
export function attachmentDisposition(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f-\u009f]/g, '_').replace(/^\.+/, '') || 'download';
  const ascii = cleaned.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(cleaned).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
