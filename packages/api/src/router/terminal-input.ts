import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { Caller } from '../auth/caller.ts';
import type { Context } from '../context.ts';
import { toTRPCError } from '../error-codes.ts';
import { terminalInputInput, type TerminalInputInput } from '../schemas/terminal.ts';
import { admitCall } from '../trpc.ts';

const TERMINAL_INPUT_PATH = 'terminal.input';

/** Clients that name no clientId share one per token. */
export function clientIdOf(caller: Pick<Caller, 'tokenId'>, clientId: string | undefined): string {
  return clientId ?? `token-${caller.tokenId}`;
}

/** `terminal.input`'s body: the bytes to the owner's session, once tmux has them. */
export async function writeTerminalInput(ctx: Context, caller: Caller, input: TerminalInputInput): Promise<void> {
  const terminal = ctx.hubs.forOwner(caller.userId, input.sessionId);
  await terminal.write(input.data, clientIdOf(caller, input.clientId), input.inputSeq);
}

/**
 * `terminal.input` without the tRPC caller, for a terminal channel's keystroke frames: the same
 * admission (`admitCall`: token, budget, well-formed input), the same schema and the same body,
 * and refusals as the TRPCError the procedure would have thrown. What it skips is the caller's
 * machinery: 0.2 ms of a keystroke's echo (bench/keystroke-ab.ts). The procedure writes no audit
 * row; were it to, this path would have to (tests/sessions/terminal-input-direct.test.ts holds
 * both to it).
 */
export async function callTerminalInput(ctx: Context, rawInput: unknown): Promise<void> {
  try {
    const caller = await admitCall(ctx, 'mutation', TERMINAL_INPUT_PATH, rawInput);
    await writeTerminalInput(ctx, caller, parseInput(rawInput));
  } catch (error) {
    throw toTRPCError(error) ?? error;
  }
}

function parseInput(rawInput: unknown): TerminalInputInput {
  try {
    return terminalInputInput.parse(rawInput);
  } catch (error) {
    // As tRPC answers input its schema refused.
    if (error instanceof ZodError) throw new TRPCError({ code: 'BAD_REQUEST', cause: error });
    throw error;
  }
}
