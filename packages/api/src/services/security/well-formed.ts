import { BadInputError } from '../../errors.ts';

/** A UTF-16 surrogate without its partner: not a character, and not encodable as UTF-8. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Deeper than any input of the API; deeper nesting is refused before a schema walks it. */
export const MAX_INPUT_DEPTH = 32;

/**
 * Refuses inputs no schema should have to think about, for every procedure at once: strings
 * with lone surrogates (JSON can carry them, SQLite and the pty cannot, and Prisma fails on them
 * with an internal error) and absurdly deep nesting.
 */
export function assertWellFormedInput(value: unknown): void {
  const problem = findProblem(value, 0);
  if (problem) throw new BadInputError(`invalid input: ${problem}`);
}

function findProblem(value: unknown, depth: number): string | null {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? 'text must be well-formed Unicode (a lone surrogate was found)' : null;
  if (typeof value !== 'object' || value === null) return null;
  if (depth >= MAX_INPUT_DEPTH) return `nested deeper than ${MAX_INPUT_DEPTH} levels`;
  for (const [key, item] of Object.entries(value)) {
    const problem = findProblem(key, depth + 1) ?? findProblem(item, depth + 1);
    if (problem) return problem;
  }
  return null;
}
