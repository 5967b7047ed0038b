import { recordingGetInput, recordingSetInput } from '../schemas/recordings.ts';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';

export const recordingsRouter = createTRPCRouter({
  /** The caller's sessions with a recording or set to record, newest first. */
  list: protectedProcedure.query(({ ctx }) => ctx.recordings.list(ctx.caller.userId)),

  /** A page of a recording (asciicast v2 text); follow `nextOffset` until null. */
  get: protectedProcedure
    .input(recordingGetInput)
    .query(({ ctx, input }) => ctx.recordings.get(ctx.caller.userId, input)),

  /** Starts or stops recording one of the caller's sessions. */
  set: protectedProcedure
    .input(recordingSetInput)
    .mutation(({ ctx, input }) => ctx.recordings.set(ctx.caller.userId, input.sessionId, input.enabled)),
});

