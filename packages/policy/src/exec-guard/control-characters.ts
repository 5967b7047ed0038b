// Exec text is typed into a terminal key by key, so a control character in it is not text: it
// is a key that the shell's line editor (readline, zle, an agent's TUI) acts on. `\r` runs the
// line typed so far (so `true\rcurl ... | sh` ran the download behind the guard's back), `\t`
// completes (`rm -rf /et\t` becomes `rm -rf /etc/`), ^U/^W/^K cut, ^Y pastes what was cut,
// ^O runs a history line, ESC starts Meta keys and escape sequences (bracketed-paste markers,
// ESC-Enter), ^V quotes the next key, ^X^E opens an editor. The guard reads text, not keys, so
// every such character is refused. Only `\n` is let through: it ends a line exactly as the
// shell parser (shell-words.ts) reads it, so each line is checked on its own.

/** Names for the control characters a person is likely to recognise. */
const NAMES: Record<number, string> = {
  0x00: 'NUL',
  0x03: 'Ctrl-C',
  0x04: 'Ctrl-D',
  0x08: 'backspace',
  0x09: 'tab',
  0x0b: 'vertical tab',
  0x0c: 'form feed',
  0x0d: 'carriage return',
  0x0f: 'Ctrl-O',
  0x12: 'Ctrl-R',
  0x15: 'Ctrl-U',
  0x16: 'Ctrl-V',
  0x17: 'Ctrl-W',
  0x18: 'Ctrl-X',
  0x19: 'Ctrl-Y',
  0x1a: 'Ctrl-Z',
  0x1b: 'escape',
  0x7f: 'delete',
};

/** C0 controls but `\n`, DEL, and the C1 controls (U+0080–U+009F, 8-bit escape sequences). */
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const KEY_CHARACTER = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

export interface ControlCharacter {
  /** Index in the text (UTF-16 units). */
  index: number;
  /** `U+000D (carriage return)`. */
  label: string;
}

/** The first character of `text` that a terminal would take as a key rather than as text, or null. */
export function findControlCharacter(text: string): ControlCharacter | null {
  const match = KEY_CHARACTER.exec(text);
  if (!match) return null;
  const code = match[0].charCodeAt(0);
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  const name =
    NAMES[code] ?? (code < 0x20 ? `Ctrl-${String.fromCharCode(code + 0x40)}` : 'C1 control');
  return { index: match.index, label: `U+${hex} (${name})` };
}
