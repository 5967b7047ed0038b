import { tracked } from '@trpc/server';
import type { Context } from '../context.ts';
import { terminalAttachInput, terminalInputInput, terminalResizeInput } from '../schemas/terminal.ts';
import { PANE_RESIZE_WAIT_MS } from '../services/terminal-hubs.ts';
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

  /**
   * Bytes to the session's pane, in order; answers once tmux has handed them to the pane. With
   * `inputSeq`, input already applied for this client is skipped, so a client can resend what
   * was not acknowledged before a reconnect without typing it twice.
   */
  input: protectedProcedure.input(terminalInputInput).mutation(async ({ ctx, input }) => {
    const owner = await ctx.sessions.owner(ctx.caller.userId, input.sessionId);
    const hub = await ctx.hubs.hubFor(owner);
    await hub.write(input.data, clientIdOf(ctx, input.clientId), input.inputSeq);
    return { ok: true as const };
  }),

  /** A client's terminal size; with `claim`, this client takes charge of the size at once. */
  resize: protectedProcedure.input(terminalResizeInput).mutation(async ({ ctx, input }) => {
    const owner = await ctx.sessions.owner(ctx.caller.userId, input.sessionId);
    const hub = await ctx.hubs.hubFor(owner);
    const clientId = clientIdOf(ctx, input.clientId);
    const resized = hub.resize(input.cols, input.rows, clientId);
    const applied = input.claim ? hub.noteActivity(clientId) : resized;
    // The pane takes the size asynchronously; answer with it when this client decided it.
    if (applied) await hub.waitForSize(applied, PANE_RESIZE_WAIT_MS);
    return { ok: true as const, size: hub.size };
  }),
});
