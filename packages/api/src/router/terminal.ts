import { tracked } from '@trpc/server';
import type { Context } from '../context.ts';
import { terminalAttachInput, terminalInputInput, terminalResizeInput } from '../schemas/terminal.ts';
import { attachStream } from '../services/terminal-stream.ts';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';

/** Clients that name no clientId share one per token. */
function clientIdOf(ctx: Context & { caller: { tokenId: string } }, clientId: string | undefined): string {
  return clientId ?? `token-${ctx.caller.tokenId}`;
}

export const terminalRouter = createTRPCRouter({
  /**
   * A live terminal: a snapshot (screen + recent history), then output, then `exit`. Events are
   * tracked by stream offset, so a reconnect with `lastEventId` gets exactly what it missed.
   */
  attach: protectedProcedure.input(terminalAttachInput).subscription(async function* ({ ctx, input, signal }) {
    for await (const event of attachStream(ctx, { ...input, clientId: clientIdOf(ctx, input.clientId) }, signal)) {
      yield event.id === undefined ? event.data : tracked(event.id, event.data);
    }
  }),

  /** Bytes to the session's pty, in order. */
  input: protectedProcedure.input(terminalInputInput).mutation(async ({ ctx, input }) => {
    const owner = await ctx.sessions.owner(ctx.caller.userId, input.sessionId);
    const hub = await ctx.hubs.hubFor(owner);
    hub.write(input.data, clientIdOf(ctx, input.clientId));
    return { ok: true as const };
  }),

  resize: protectedProcedure.input(terminalResizeInput).mutation(async ({ ctx, input }) => {
    const owner = await ctx.sessions.owner(ctx.caller.userId, input.sessionId);
    const hub = await ctx.hubs.hubFor(owner);
    hub.resize(input.cols, input.rows, clientIdOf(ctx, input.clientId));
    return { ok: true as const, size: hub.size };
  }),
});
