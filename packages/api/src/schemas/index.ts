// Runtime schemas a client may reuse (the CLI validates before calling); no server code here.
export * from './common.ts';
export * from './health.ts';
export * from './tokens.ts';
