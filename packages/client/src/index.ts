export { authHeaders, createApiClient, createTerminalClient, type RdvCredentials } from './client.ts';
export { defaultPaths, type RdvPaths } from './paths.ts';
