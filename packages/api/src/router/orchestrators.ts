import { tracked } from '@trpc/server';
import {
  insightListInput,
  insightResolveInput,
  insightStreamInput,
  orchestratorCreateInput,
  orchestratorIdInput,
  orchestratorInjectInput,
  orchestratorUpdateInput,
  statusStreamInput,
} from '../schemas/orchestrators.ts';
import { streamEvents } from '../services/orchestration/event-log.ts';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';

const insightsRouter = createTRPCRouter({
  /** The caller's insights, newest first, with counts (open by severity, resolved). */
  list: protectedProcedure
    .input(insightListInput)
    .query(({ ctx, input }) => ctx.insights.list(ctx.caller.userId, input)),

  resolve: protectedProcedure
    .input(insightResolveInput)
    .mutation(({ ctx, input }) => ctx.insights.resolve(ctx.caller.userId, input.id)),
});

export const orchestratorsRouter = createTRPCRouter({
  /** The caller's orchestrators with their open insight counts. */
  list: protectedProcedure.query(({ ctx }) => ctx.orchestrators.list(ctx.caller.userId)),

  /** One orchestrator, the live sessions in its scope with their agent status, and insight counts. */
  get: protectedProcedure
    .input(orchestratorIdInput)
    .query(({ ctx, input }) => ctx.orchestrators.get(ctx.caller.userId, input.id)),

  create: protectedProcedure
    .input(orchestratorCreateInput)
    .mutation(({ ctx, input }) => ctx.orchestrators.create(ctx.caller.userId, input)),

  /** Changes settings; `{ paused: true }` pauses and `{ paused: false }` resumes. */
  update: protectedProcedure
    .input(orchestratorUpdateInput)
    .mutation(({ ctx, input }) => ctx.orchestrators.update(ctx.caller.userId, input)),

  delete: protectedProcedure
    .input(orchestratorIdInput)
    .mutation(({ ctx, input }) => ctx.orchestrators.delete(ctx.caller.userId, input.id)),

  /** Types text + Enter into a session in scope, through the safety checks; always audited. */
  inject: protectedProcedure
    .input(orchestratorInjectInput)
    .mutation(({ ctx, input }) => ctx.orchestrators.inject(ctx.caller, input)),

  insights: insightsRouter,

  /** Agent status changes of the caller's sessions: the current statuses first, then changes. */
  onStatus: protectedProcedure.input(statusStreamInput).subscription(async function* ({
    ctx,
    input,
    signal,
  }) {
    const userId = ctx.caller.userId;
    const folderId = input?.folderId;
    const stream = streamEvents({
      log: ctx.agentStatus.events,
      filter: (change) =>
        change.userId === userId && (folderId === undefined || change.folderId === folderId),
      lastEventId: input?.lastEventId,
      backlog: () => ctx.agentStatus.current(userId, folderId),
      signal,
      onOverflow: (dropped) => ctx.logger.warn({ dropped }, 'status subscriber fell behind'),
    });
    for await (const event of stream) yield tracked(event.id, event.data);
  }),

  /** Insights as they are created, updated and resolved: the open ones first (`snapshot`). */
  onInsight: protectedProcedure.input(insightStreamInput).subscription(async function* ({
    ctx,
    input,
    signal,
  }) {
    const userId = ctx.caller.userId;
    const orchestratorId = input?.orchestratorId;
    const stream = streamEvents({
      log: ctx.insights.events,
      filter: (event) =>
        event.userId === userId &&
        (orchestratorId === undefined || event.insight.orchestratorId === orchestratorId),
      lastEventId: input?.lastEventId,
      backlog: async () => {
        const open = await ctx.insights.list(userId, { orchestratorId, state: 'open', limit: 500 });
        return open.items
          .reverse()
          .map((insight) => ({ userId, kind: 'snapshot' as const, insight }));
      },
      signal,
      onOverflow: (dropped) => ctx.logger.warn({ dropped }, 'insight subscriber fell behind'),
    });
    for await (const event of stream) yield tracked(event.id, event.data);
  }),
});
