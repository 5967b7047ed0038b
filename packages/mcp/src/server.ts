import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { describeError } from './errors.ts';
import type { RdvOps } from './ops.ts';
import { TOOLS, type RdvTool } from './tools.ts';

export const MCP_SERVER_NAME = 'rdv';
export const MCP_SERVER_VERSION = '0.1.0';
/** Lines a session-output resource returns. */
export const RESOURCE_SCROLLBACK_LINES = 500;

export interface RdvMcpOptions {
  /** Called for every failed tool call or resource read (the daemon logs server faults). */
  onError?: (error: unknown, where: string) => void;
}

const INSTRUCTIONS = `rdv keeps terminal sessions (shells and AI agents) in tmux on this machine.
Use list_sessions / create_session / exec / read_scrollback to drive sessions; exec types a line and presses Enter, then read_scrollback shows what happened.
Agent status (running, waiting, idle, error, exited) is on every session; orchestrators watch sessions and report insights (stalls, agents waiting for input, errors).
Destructive commands are refused unless you pass force: true; every injection is audited.`;

/** An MCP server exposing rdv's tools and resources over `ops`; connect it to any transport. */
export function createRdvMcpServer(ops: RdvOps, options: RdvMcpOptions = {}): McpServer {
  const server = new McpServer(
    { name: MCP_SERVER_NAME, version: MCP_SERVER_VERSION },
    { instructions: INSTRUCTIONS, capabilities: { tools: {}, resources: {} } },
  );
  for (const tool of TOOLS) registerTool(server, ops, tool, options);
  registerResources(server, ops, options);
  return server;
}

function registerTool(server: McpServer, ops: RdvOps, tool: RdvTool, options: RdvMcpOptions): void {
  server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.input,
      annotations: {
        readOnlyHint: tool.readOnly,
        destructiveHint: tool.destructive ?? false,
        openWorldHint: false,
      },
    },
    async (args: unknown): Promise<CallToolResult> => {
      try {
        const result = await tool.run(ops, args);
        if ('text' in result) return { content: [{ type: 'text', text: result.text }] };
        return { content: [{ type: 'text', text: JSON.stringify(result.json, null, 2) }] };
      } catch (error) {
        options.onError?.(error, `tool ${tool.name}`);
        return {
          isError: true,
          content: [{ type: 'text', text: `${tool.name} failed: ${describeError(error)}` }],
        };
      }
    },
  );
}

function registerResources(server: McpServer, ops: RdvOps, options: RdvMcpOptions): void {
  const read = async (
    uri: URL,
    where: string,
    load: () => Promise<ReadResourceResult>,
  ): Promise<ReadResourceResult> => {
    try {
      return await load();
    } catch (error) {
      options.onError?.(error, where);
      throw new Error(`${where}: ${describeError(error)}`);
    }
  };
  const jsonContents = (uri: URL, value: unknown): ReadResourceResult => ({
    contents: [
      { uri: uri.href, mimeType: 'application/json', text: JSON.stringify(value, null, 2) },
    ],
  });

  server.registerResource(
    'sessions',
    'rdv://sessions',
    {
      title: 'Sessions',
      description: 'Your active and suspended sessions with their agent status',
      mimeType: 'application/json',
    },
    (uri) =>
      read(uri, 'rdv://sessions', async () =>
        jsonContents(uri, await ops.listSessions({ status: ['active', 'suspended'] })),
      ),
  );

  server.registerResource(
    'session-output',
    new ResourceTemplate('rdv://sessions/{id}/output', {
      list: async () => {
        const sessions = await ops.listSessions({ status: 'active' });
        return {
          resources: sessions.map((s) => ({
            uri: `rdv://sessions/${s.id}/output`,
            name: `${s.name} output`,
            mimeType: 'text/plain',
          })),
        };
      },
    }),
    {
      title: 'Session output',
      description: `The last ${RESOURCE_SCROLLBACK_LINES} lines of a session's terminal`,
      mimeType: 'text/plain',
    },
    (uri, variables) =>
      read(uri, uri.href, async () => {
        const id = String(Array.isArray(variables.id) ? variables.id[0] : variables.id);
        const { text } = await ops.scrollback({ id, lines: RESOURCE_SCROLLBACK_LINES });
        return { contents: [{ uri: uri.href, mimeType: 'text/plain', text }] };
      }),
  );

  server.registerResource(
    'folders',
    'rdv://folders',
    {
      title: 'Folders',
      description: 'Your folders (flat, with parent ids)',
      mimeType: 'application/json',
    },
    (uri) => read(uri, 'rdv://folders', async () => jsonContents(uri, await ops.listFolders())),
  );

  server.registerResource(
    'preferences',
    'rdv://preferences',
    {
      title: 'Preferences',
      description: 'Your effective user-level preferences and where each value comes from',
      mimeType: 'application/json',
    },
    (uri) =>
      read(uri, 'rdv://preferences', async () =>
        jsonContents(uri, await ops.resolvePreferences({ folderId: null })),
      ),
  );
}
