export { createApiClient, createTerminalChannel, createTerminalClient } from './client.ts';
export { TerminalChannel, TerminalChannelError, type ChannelObserver, type ChannelSocket } from './terminal-channel.ts';
export { authHeaders, type RdvCredentials } from './credentials.ts';
export { defaultPaths, type RdvPaths } from './paths.ts';
