import { InvalidArgumentError, type Command } from 'commander';

/** A commander parser for positive whole numbers. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n <= 0) {
    throw new InvalidArgumentError('expected a positive whole number');
  }
  return n;
}

/** Collects a repeatable option (`--env A=1 --env B=2`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Adds the `--json` flag every read command has. */
export function withJson(command: Command): Command {
  return command.option('--json', 'print JSON (for scripts)');
}
