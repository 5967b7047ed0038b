import {
  channelAddInput,
  channelRemoveInput,
  notificationTestInput,
  pushSubscribeInput,
  pushUnsubscribeInput,
} from '../schemas/notifications.ts';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';

export const notificationsRouter = createTRPCRouter({
  /** The VAPID public key, this user's devices and channels (no secrets), and the rules in force. */
  get: protectedProcedure.query(({ ctx }) => ctx.notifications.overview(ctx.caller.userId)),
  /** Stores this browser's push subscription (`PushSubscription.toJSON()`). */
  subscribe: protectedProcedure
    .input(pushSubscribeInput)
    .mutation(({ ctx, input }) => ctx.notifications.subscribe(ctx.caller.userId, input)),
  unsubscribe: protectedProcedure
    .input(pushUnsubscribeInput)
    .mutation(({ ctx, input }) => ctx.notifications.unsubscribe(ctx.caller.userId, input.endpoint)),
  /** Adds an ntfy topic or a webhook; its URL and token are stored, never shown again. */
  addChannel: protectedProcedure
    .input(channelAddInput)
    .mutation(({ ctx, input }) => ctx.notifications.addChannel(ctx.caller.userId, input)),
  removeChannel: protectedProcedure
    .input(channelRemoveInput)
    .mutation(({ ctx, input }) => ctx.notifications.removeChannel(ctx.caller.userId, input.id)),
  /** Sends a test notification now; reports what reached the target and why not. */
  test: protectedProcedure
    .input(notificationTestInput)
    .mutation(({ ctx, input }) => ctx.notifications.test(ctx.caller.userId, input)),
});
