// Helpers shared by tests/, e2e/, bench/ and the packages' own tests: one copy of each.
export * from './git.ts';
export * from './logger.ts';
export * from './wait.ts';
export * from './http-receiver.ts';
export * from './push-crypto.ts';
export * from './stand-in-agents.ts';
