import { tracked } from '@trpc/server';
import { terminalAttachInput, terminalInputInput, terminalResizeInput } from '../schemas/terminal.ts';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';
import { clientIdOf, writeTerminalInput } from './terminal-input.ts';

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
      clientId: clientIdOf(ctx.caller, input.clientId),
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
    await writeTerminalInput(ctx, ctx.caller, input);
    return { ok: true as const };
  }),

  /** A client's terminal size; with `claim`, this client takes charge of the size at once. */
  resize: protectedProcedure.input(terminalResizeInput).mutation(async ({ ctx, input }) => {
    const terminal = ctx.hubs.forOwner(ctx.caller.userId, input.sessionId);
    const size = await terminal.resize(input.cols, input.rows, clientIdOf(ctx.caller, input.clientId), input.claim);
    return { ok: true as const, size };
  }),
});
