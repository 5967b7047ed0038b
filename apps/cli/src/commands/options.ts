import { InvalidArgumentError, type Command } from 'commander';

/** A commander parser for positive whole numbers. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n <= 0) {
    throw new InvalidArgumentError('expected a positive whole number');
  }
  return n;
}

/** A commander parser for whole numbers from 0 (`-U 0`: no context lines). */
export function positiveIntOrZero(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError('expected a whole number (0 or more)');
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
