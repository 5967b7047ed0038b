import { auditRouter } from './router/audit.ts';
import { filesRouter } from './router/files.ts';
import { foldersRouter } from './router/folders.ts';
import { healthProcedure } from './router/health.ts';
import { hooksRouter } from './router/hooks.ts';
import { hostsRouter } from './router/hosts.ts';
import { meRouter } from './router/me.ts';
import { notificationsRouter } from './router/notifications.ts';
import { orchestratorsRouter } from './router/orchestrators.ts';
import { sessionsRouter } from './router/sessions.ts';
import { terminalRouter } from './router/terminal.ts';
import { preferencesRouter } from './router/preferences.ts';
import { recordingsRouter } from './router/recordings.ts';
import { searchRouter } from './router/search.ts';
import { serverRouter } from './router/server.ts';
import { sharesRouter } from './router/shares.ts';
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
  shares: sharesRouter,
  folders: foldersRouter,
  preferences: preferencesRouter,
  worktrees: worktreesRouter,
  trash: trashRouter,
  orchestrators: orchestratorsRouter,
  hooks: hooksRouter,
  notifications: notificationsRouter,
  audit: auditRouter,
  recordings: recordingsRouter,
  files: filesRouter,
  search: searchRouter,
  server: serverRouter,
  hosts: hostsRouter,
});

export type AppRouter = typeof appRouter;
