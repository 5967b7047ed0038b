import { tracked } from '@trpc/server';
import { shareCreateInput, shareListInput, shareRevokeInput, shareWatchInput } from '../schemas/shares.ts';
import { createTRPCRouter, protectedProcedure, shareViewerProcedure } from '../trpc.ts';

/** Read-only share links: the owner makes, lists and revokes them; a viewer watches through one. */
export const sharesRouter = createTRPCRouter({
  /** A link to one of the caller's sessions; `secret` is in this answer only, never again. */
  create: protectedProcedure
    .input(shareCreateInput)
    .mutation(({ ctx, input }) => ctx.shares.create(ctx.caller.userId, input)),

  list: protectedProcedure
    .input(shareListInput)
    .query(({ ctx, input }) => ctx.shares.list(ctx.caller.userId, input?.sessionId)),

  /** Ends a link and every viewer watching through it, at once. */
  revoke: protectedProcedure
    .input(shareRevokeInput)
    .mutation(({ ctx, input }) => ctx.shares.revoke(ctx.caller.userId, input.id)),

  /**
   * A viewer's stream (no token: the secret is the credential): what is shared, then the
   * session's output. Read-only by construction: this is the only procedure a viewer reaches.
   */
  watch: shareViewerProcedure.input(shareWatchInput).subscription(async function* ({ ctx, input, signal }) {
    const share = await ctx.guard.verifyShareViewer(ctx.req, () => ctx.shares.verify(input.secret));
    const lease = ctx.guard.openSubscription({ tokenKind: 'cli', tokenId: `share-${share.id}`, userId: share.userId });
    try {
      const stream = ctx.shares.watch(share, {
        signal,
        outbound: ctx.req.outbound,
        historyLines: input.historyLines,
        lastEventId: input.lastEventId,
      });
      for await (const event of stream) {
        yield event.id === undefined ? event.data : tracked(event.id, event.data);
      }
    } finally {
      lease.release();
    }
  }),
});
