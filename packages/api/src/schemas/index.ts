// Runtime schemas a client may reuse (the CLI validates before calling); no server code here.
export * from './common.ts';
export * from './health.ts';
export * from './tokens.ts';
export * from './paths.ts';
export * from './folders.ts';
export * from './preferences.ts';
export * from './worktrees.ts';
export * from './trash.ts';
export * from './sessions.ts';
export * from './terminal.ts';
export * from './agent-status.ts';
export * from './orchestrators.ts';
export * from './audit.ts';
export * from './recordings.ts';
export * from './server.ts';
export * from './notifications.ts';
export * from './answers.ts';
