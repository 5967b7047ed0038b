import { createTRPCRouter, protectedProcedure } from '../trpc.ts';

/**
 * Files into and out of sessions. The bytes do not travel through tRPC (a JSON body would hold a
 * whole file, base64, in memory): they go over `/files/upload` and `/files/download` on
 * api.sock, raw and streamed. This router says what those routes accept.
 */
export const filesRouter = createTRPCRouter({
  /** The largest upload and download, in bytes (`[files]` in config.toml). */
  limits: protectedProcedure.query(({ ctx }) => ctx.files.limits),
});
