// Strings built from everything tmux, a shell or a format could interpret: `#(` runs a command
// in a tmux format, `#{` expands one, `;` splits tmux commands, quotes, `$` and `~` expand in
// tmux's parser, a newline ends a control-mode command. Seeded, so a failure replays exactly.

/** The pieces a hostile string is made of; letters keep the results readable. */
const PIECES = ['#(', ')', '#{', '}', '#', '##', ';', '\\', '\\;', '"', "'", '$', '${', '`', '~', '\n', ' ', '%', '{', '-', 'a', 'Z', '9', 'é', '日'];

/** mulberry32: a tiny seeded PRNG (the tests must not depend on Math.random's sequence). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface HostileOptions {
  /** Leave these pieces out (a path component cannot hold `/`, a typed line no newline). */
  exclude?: readonly string[];
  maxPieces?: number;
}

/** `count` hostile strings from `seed`. */
export function hostileStrings(seed: number, count: number, options: HostileOptions = {}): string[] {
  const random = seededRandom(seed);
  const pieces = PIECES.filter((piece) => !options.exclude?.some((bad) => piece.includes(bad)));
  const maxPieces = options.maxPieces ?? 12;
  return Array.from({ length: count }, () => {
    const length = 1 + Math.floor(random() * maxPieces);
    let text = '';
    for (let i = 0; i < length; i++) text += pieces[Math.floor(random() * pieces.length)];
    return text;
  });
}

/**
 * Fixed cases that must be among the inputs whatever the seed: each would have run `touch` or
 * expanded into something else on a tmux that interpreted it. `marker` is an absolute path prefix.
 */
export function classicAttacks(marker: string): string[] {
  return [
    `#(touch ${marker}-run)`,
    '#{session_name}',
    '#{pane_id}#{?pane_dead,x,y}',
    '##{session_name}',
    `$(touch ${marker}-subst)`,
    `\`touch ${marker}-backtick\``,
    '$HOME ${HOME} ~',
    'ends with semicolon;',
    'ends with escaped semicolon\\;',
    ';',
    `it's "quoted"`,
    'two\nlines',
  ];
}
