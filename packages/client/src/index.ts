export { createApiClient, createTerminalClient } from './client.ts';
export { authHeaders, type RdvCredentials } from './credentials.ts';
export { defaultPaths, type RdvPaths } from './paths.ts';
