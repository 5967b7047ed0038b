// Pure helpers that turn our inputs into safe tmux argv elements.

/** Prefix of every session rdv creates, so its sessions are recognisable on the server. */
export const SESSION_PREFIX = 'rdv-';

/** Session names we create or accept: tmux rewrites `.` and `:`, and `=`/`$`/`@` start targets. */
const SESSION_NAME = /^[A-Za-z0-9_-]{1,128}$/;
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function assertSessionName(name: string): string {
  if (!SESSION_NAME.test(name))
    throw new RangeError(`invalid tmux session name: ${JSON.stringify(name)}`);
  return name;
}

export function assertEnvKey(key: string): string {
  if (!ENV_KEY.test(key))
    throw new RangeError(`invalid environment variable name: ${JSON.stringify(key)}`);
  return key;
}

/** `=name` matches the session exactly (plain `name` also matches by prefix: `rdv-a` ~ `rdv-ab`). */
export function sessionTarget(name: string): string {
  return `=${assertSessionName(name)}`;
}

/** Exact session, its current window and pane: for commands whose `-t` is a window or pane. */
export function paneTarget(name: string): string {
  return `${sessionTarget(name)}:`;
}

/** Splits text into pieces of at most `maxBytes` UTF-8 bytes, never inside a code point. */
export function chunkUtf8(text: string, maxBytes: number): string[] {
  const chunks: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > maxBytes && current !== '') {
      chunks.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += size;
  }
  if (current !== '') chunks.push(current);
  return chunks;
}
