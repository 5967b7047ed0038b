import { foldersRouter } from './router/folders.ts';
import { healthProcedure } from './router/health.ts';
import { meRouter } from './router/me.ts';
import { sessionsRouter } from './router/sessions.ts';
import { terminalRouter } from './router/terminal.ts';
import { preferencesRouter } from './router/preferences.ts';
import { tokensRouter } from './router/tokens.ts';
import { trashRouter } from './router/trash.ts';
import { worktreesRouter } from './router/worktrees.ts';
import { createTRPCRouter } from './trpc.ts';

export const appRouter = createTRPCRouter({
  health: healthProcedure,
  me: meRouter,
  tokens: tokensRouter,
  sessions: sessionsRouter,
  terminal: terminalRouter,
  folders: foldersRouter,
  preferences: preferencesRouter,
  worktrees: worktreesRouter,
  trash: trashRouter,
});

export type AppRouter = typeof appRouter;
