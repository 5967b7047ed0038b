// @rdv/mcp: rdv's MCP server (tools and resources over RdvOps), for stdio (`rdv mcp`) and
// Streamable HTTP (`/mcp` on api.sock). Imports only types from @rdv/api.
export type { RdvOps } from './ops.ts';
export {
  createRdvMcpServer,
  MCP_SERVER_NAME,
  MCP_SERVER_VERSION,
  type RdvMcpOptions,
} from './server.ts';
export { TOOLS, type RdvTool, type ToolResult } from './tools.ts';
export { describeError } from './errors.ts';
export { opsFromTrpcClient } from './trpc-client-ops.ts';
export { handleMcpHttpRequest, mcpErrorBody } from './http.ts';
export { serveMcpStdio } from './stdio.ts';
