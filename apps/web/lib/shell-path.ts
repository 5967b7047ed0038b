/**
 * Characters a POSIX shell reads as they are in a word; anything else in the ASCII range is
 * escaped. Letters beyond ASCII (é, 日本) are ordinary in a shell and stay as they are.
 */
const SHELL_SAFE = /[A-Za-z0-9_\-.,/:@%+=]/;

/**
 * A path as a shell and the coding agents read it when it is pasted: as is when it has nothing
 * special (the common case: rdv's upload names end up in `~/.rdv/uploads/<id>/`), otherwise
 * with each special character backslash-escaped (`Screen\ Shot.png`), as macOS terminals and
 * iTerm2 type a dropped file. That form reaches a shell as one word, and Claude Code, Codex
 * (shlex) and Gemini CLI (escaped spaces) all take it as one path. A path with a control
 * character (never one rdv stores) is single-quoted instead, which a backslash cannot protect.
 */
export function shellEscapePath(path: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) return `'${path.replace(/'/g, `'\\''`)}'`;
  let out = '';
  for (const char of path) {
    out += char.charCodeAt(0) < 0x80 && !SHELL_SAFE.test(char) ? `\\${char}` : char;
  }
  // A leading `~` or `=` would be expanded; a leading `-` is only an option to a command.
  return out.replace(/^([~=])/, '\\$1');
}
