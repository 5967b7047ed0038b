import { tracked } from '@trpc/server';
import type { Context } from '../context.ts';
import { terminalAttachInput, terminalInputInput, terminalResizeInput } from '../schemas/terminal.ts';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';

/** Clients that name no clientId share one per token. */
function clientIdOf(ctx: Context & { caller: { tokenId: string } }, clientId: string | undefined): string {
  return clientId ?? `token-${ctx.caller.tokenId}`;
}

/** The terminal routes are thin: packages/terminal owns the attach path (TerminalHubs). */
export const terminalRouter = createTRPCRouter({
  /**
   * A live terminal: a snapshot (screen + recent history), then output, then `exit`. Events are
   * tracked by stream offset, so a reconnect with `lastEventId` gets exactly what it missed.
   */
  attach: protectedProcedure.input(terminalAttachInput).subscription(async function* ({ ctx, input, signal }) {
    const terminal = ctx.hubs.forOwner(ctx.caller.userId, input.sessionId);
    const stream = terminal.attach({
      ...input,
      clientId: clientIdOf(ctx, input.clientId),
      signal,
      outbound: ctx.req.outbound,
    });
    for await (const event of stream) {
      yield event.id === undefined ? event.data : tracked(event.id, event.data);
    }
  }),

  /**
   * Bytes to the session's pane, in order; answers once tmux has handed them to the pane. With
   * `inputSeq`, input already applied for this client is skipped, so a client can resend what
   * was not acknowledged before a reconnect without typing it twice.
   */
  input: protectedProcedure.input(terminalInputInput).mutation(async ({ ctx, input }) => {
    const terminal = ctx.hubs.forOwner(ctx.caller.userId, input.sessionId);
    await terminal.write(input.data, clientIdOf(ctx, input.clientId), input.inputSeq);
    return { ok: true as const };
  }),

  /** A client's terminal size; with `claim`, this client takes charge of the size at once. */
  resize: protectedProcedure.input(terminalResizeInput).mutation(async ({ ctx, input }) => {
    const terminal = ctx.hubs.forOwner(ctx.caller.userId, input.sessionId);
    const size = await terminal.resize(input.cols, input.rows, clientIdOf(ctx, input.clientId), input.claim);
    return { ok: true as const, size };
  }),
});
