import type { TRPCClient } from '@trpc/client';
import type { AppRouter } from '@rdv/api';
import type { CliContext } from './context.ts';

/** `--json` output: one JSON document and a newline, nothing else on stdout. */
export function printJson(ctx: CliContext, value: unknown): void {
  ctx.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A human line on stdout. */
export function print(ctx: CliContext, text: string): void {
  ctx.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** A note for the person (never for scripts): stderr, so stdout stays clean. */
export function note(ctx: CliContext, text: string): void {
  ctx.stderr.write(`${text}\n`);
}

/** Runs `fn` with an API client and always closes it. */
export async function withApi<T>(
  ctx: CliContext,
  fn: (client: TRPCClient<AppRouter>) => Promise<T>,
): Promise<T> {
  const { client, close } = ctx.api();
  try {
    return await fn(client);
  } finally {
    await close();
  }
}

/** The common `--json` flag. */
export interface JsonOption {
  json?: boolean;
}
