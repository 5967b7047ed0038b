import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { RdvOps } from './ops.ts';
import { createRdvMcpServer, type RdvMcpOptions } from './server.ts';

/**
 * Serves one Streamable HTTP request, stateless: a fresh server and transport per request, JSON
 * responses (no long-lived SSE stream), so any number of clients and requests stay independent.
 * The caller has authenticated the request and built `ops` for that caller.
 */
export async function handleMcpHttpRequest(
  ops: RdvOps,
  req: IncomingMessage,
  res: ServerResponse,
  options: RdvMcpOptions = {},
): Promise<void> {
  const server = createRdvMcpServer(ops, options);
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  res.once('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res);
}

/** A JSON-RPC error body for requests refused before MCP sees them (401, 413, ...). */
export function mcpErrorBody(message: string): string {
  return JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message }, id: null });
}
