// A small, forgiving reader of shell command lines, for the destructive-pattern check only.
// It never executes or expands anything. It splits text into simple commands (words and
// redirection targets) grouped in pipelines, and collects code that the shell would run
// from inside strings: `$(...)`, backticks and `<(...)`, so they can be checked too.

/** One simple command: `sudo rm -rf /tmp/x > log` is words [sudo, rm, -rf, /tmp/x], redirects [log]. */
export interface SimpleCommand {
  words: string[];
  /** Targets of `>`, `>>`, `>|`, `&>`, `<` and friends. */
  redirects: string[];
  /** Targets of the redirections that truncate a file first: `>`, `>|`, `&>`. */
  truncates: string[];
  /** Here-strings (`<<< text`): what the command reads on stdin. */
  hereStrings: string[];
}

export interface ParsedShell {
  /** Commands joined by `|` or `|&`; a lone command is a pipeline of one. */
  pipelines: SimpleCommand[][];
  /** Code inside `$(...)`, backticks and process substitutions, to be checked on its own. */
  nested: string[];
}

/** Stands for a substitution inside a word: its value is unknown until the shell runs it. */
export const SUBSTITUTION = '\u0000subst\u0000';
/**
 * Stands for a history expansion (`!!`, `!$`, `!-2`, `!rm`) inside a word: an interactive shell
 * replaces it with text from earlier commands, which the guard never sees.
 */
export const HISTORY = '\u0000hist\u0000';

/** After `!`, these characters leave it a plain `!` (bash's history_no_expand_chars, `=`, `(`). */
const NOT_HISTORY_AFTER = new Set([' ', '\t', '\n', '=', '(', undefined]);

/** Reads `text` into pipelines of simple commands. Unbalanced quotes run to the end. */
export function parseShell(text: string): ParsedShell {
  const pipelines: SimpleCommand[][] = [];
  const nested: string[] = [];
  let pipeline: SimpleCommand[] = [];
  let command: SimpleCommand = newCommand();
  let word: string | null = null;
  let redirectNext: 'read' | 'append' | 'truncate' | 'here-string' | null = null;

  const endWord = () => {
    if (word === null) return;
    if (redirectNext === 'here-string') command.hereStrings.push(word);
    else if (redirectNext) command.redirects.push(word);
    else command.words.push(word);
    if (redirectNext === 'truncate') command.truncates.push(word);
    redirectNext = null;
    word = null;
  };
  const endCommand = () => {
    endWord();
    if (command.words.length || command.redirects.length || command.hereStrings.length)
      pipeline.push(command);
    command = newCommand();
  };
  const endPipeline = () => {
    endCommand();
    if (pipeline.length) pipelines.push(pipeline);
    pipeline = [];
  };
  const append = (s: string) => (word = (word ?? '') + s);

  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    const next = text[i + 1];
    if (c === ' ' || c === '\t') {
      endWord();
      i += 1;
    } else if (c === '\n' || c === ';' || c === '(' || c === ')') {
      endPipeline();
      i += 1;
    } else if (c === '&') {
      if (next === '>') {
        // `&>file`: both streams to a file.
        endWord();
        redirectNext = text[i + 2] === '>' ? 'append' : 'truncate';
        i += text[i + 2] === '>' ? 3 : 2;
      } else {
        endPipeline();
        i += next === '&' ? 2 : 1;
      }
    } else if (c === '|') {
      if (next === '|') {
        endPipeline();
        i += 2;
      } else {
        endCommand();
        i += next === '&' ? 2 : 1;
      }
    } else if ((c === '<' || c === '>') && next === '(') {
      const { body, end } = balanced(text, i + 2);
      nested.push(body);
      append(SUBSTITUTION);
      i = end;
    } else if (c === '<' || c === '>') {
      // A leading fd number (`2>`) belongs to the operator, not to the arguments.
      if (word !== null && /^\d+$/.test(word)) word = null;
      endWord();
      const operator = /^(<<<|<<-?|<>|<&|<|>>|>\||>&|>)/.exec(text.slice(i))?.[0] ?? c;
      redirectNext =
        operator === '<<<'
          ? 'here-string'
          : operator.startsWith('<')
            ? 'read'
            : operator === '>>'
              ? 'append'
              : 'truncate';
      i += operator.length;
      // `2>&1` duplicates a descriptor; nothing is written to a file.
      if (text[i - 1] === '&' && /\d|-/.test(text[i] ?? '')) {
        redirectNext = null;
        while (/[\d-]/.test(text[i] ?? '')) i += 1;
      }
    } else if (c === '`') {
      const end = text.indexOf('`', i + 1);
      const stop = end === -1 ? text.length : end;
      nested.push(text.slice(i + 1, stop));
      append(SUBSTITUTION);
      i = stop + 1;
    } else if (c === '$' && next === '(') {
      const { body, end } = balanced(text, i + 2);
      nested.push(body);
      append(SUBSTITUTION);
      i = end;
    } else if (c === '$' && next === "'") {
      // ANSI-C quoting: `$'\x2f'` is `/` to the shell, so it must be `/` here too.
      const { value, end } = ansiCQuoted(text, i + 2);
      append(value);
      i = end;
    } else if (c === '$' && next === '"') {
      // `$"..."` (a translatable string) reads like "...".
      i += 1;
    } else if (c === '$' && next === '!') {
      // `$!`: the last background job's pid, not history.
      append('$!');
      i += 2;
    } else if (c === '!' && !NOT_HISTORY_AFTER.has(next)) {
      append(HISTORY);
      i += 1;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      const stop = end === -1 ? text.length : end;
      append(text.slice(i + 1, stop));
      i = stop + 1;
    } else if (c === '"') {
      const { value, end } = doubleQuoted(text, i + 1, nested);
      append(value);
      i = end;
    } else if (c === '\\') {
      if (next !== '\n' && next !== undefined) append(next);
      i += 2;
    } else if (c === '#' && word === null) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else {
      append(c);
      i += 1;
    }
  }
  endPipeline();
  return { pipelines, nested };
}

function newCommand(): SimpleCommand {
  return { words: [], redirects: [], truncates: [], hereStrings: [] };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\u0007',
  b: '\b',
  e: '\u001b',
  E: '\u001b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

/** A `$'...'` string from `start` (after the quote), its escapes decoded as bash does. */
function ansiCQuoted(text: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === "'") return { value, end: i + 1 };
    if (c !== '\\') {
      value += c;
      i += 1;
      continue;
    }
    const e = text[i + 1] ?? '';
    const rest = text.slice(i + 2);
    let m: RegExpExecArray | null;
    if (SIMPLE_ESCAPES[e] !== undefined) {
      value += SIMPLE_ESCAPES[e];
      i += 2;
    } else if ((m = /^[0-7]{0,2}/.exec(rest)) && /[0-7]/.test(e)) {
      value += String.fromCharCode(parseInt(e + m[0], 8) & 0xff);
      i += 2 + m[0].length;
    } else if (e === 'x' && (m = /^[0-9a-fA-F]{1,2}/.exec(rest))) {
      value += String.fromCharCode(parseInt(m[0], 16));
      i += 2 + m[0].length;
    } else if ((e === 'u' || e === 'U') && (m = /^[0-9a-fA-F]{1,8}/.exec(rest))) {
      const code = parseInt(m[0].slice(0, e === 'u' ? 4 : 8), 16);
      value += code <= 0x10ffff ? String.fromCodePoint(code) : '';
      i += 2 + (e === 'u' ? Math.min(4, m[0].length) : m[0].length);
    } else if (e === 'c' && rest.length > 0) {
      value += String.fromCharCode((rest.charCodeAt(0) & 0x1f) >>> 0);
      i += 3;
    } else {
      value += `\\${e}`;
      i += 2;
    }
  }
  return { value, end: text.length };
}

/** The text up to the `)` that closes an opening already consumed, and the index after it. */
function balanced(text: string, start: number): { body: string; end: number } {
  let depth = 1;
  let quote: string | null = null;
  for (let i = start; i < text.length; i += 1) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i += 1;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '\\') {
      i += 1;
    } else if (c === '(') {
      depth += 1;
    } else if (c === ')') {
      depth -= 1;
      if (depth === 0) return { body: text.slice(start, i), end: i + 1 };
    }
  }
  return { body: text.slice(start), end: text.length };
}

/** A double-quoted string from `start` (after the quote): its literal value; substitutions go to `nested`. */
function doubleQuoted(
  text: string,
  start: number,
  nested: string[],
): { value: string; end: number } {
  let value = '';
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') return { value, end: i + 1 };
    if (c === '!' && !NOT_HISTORY_AFTER.has(text[i + 1]) && text[i + 1] !== '"') {
      value += HISTORY;
      i += 1;
      continue;
    }
    if (c === '\\') {
      const next = text[i + 1];
      if (next !== undefined && '"\\$`'.includes(next)) value += next;
      else if (next !== '\n') value += `\\${next ?? ''}`;
      i += 2;
    } else if (c === '$' && text[i + 1] === '(') {
      const { body, end } = balanced(text, i + 2);
      nested.push(body);
      value += SUBSTITUTION;
      i = end;
    } else if (c === '`') {
      const end = text.indexOf('`', i + 1);
      const stop = end === -1 ? text.length : end;
      nested.push(text.slice(i + 1, stop));
      value += SUBSTITUTION;
      i = stop + 1;
    } else {
      value += c;
      i += 1;
    }
  }
  return { value, end: text.length };
}
