import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { RdvOps } from './ops.ts';
import { createRdvMcpServer, type RdvMcpOptions } from './server.ts';

/**
 * Serves MCP on a pair of streams (stdin/stdout for `rdv mcp`) until the input ends or the
 * client closes; stdout carries JSON-RPC only, so diagnostics go to stderr.
 */
export async function serveMcpStdio(
  ops: RdvOps,
  streams: { input: Readable; output: Writable },
  options: RdvMcpOptions = {},
): Promise<void> {
  const server = createRdvMcpServer(ops, options);
  const transport = new StdioServerTransport(streams.input, streams.output);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    streams.input.once('end', resolve);
    streams.input.once('close', resolve);
  });
  await server.connect(transport);
  await closed;
  await server.close();
}
