// MCP clients from the official SDK against the real daemon: over stdio (the built `rdv mcp`)
// and over Streamable HTTP at /mcp on api.sock.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { Agent, fetch as undiciFetch } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditRows } from '../helpers/audit.ts';
import { rawRequest, REPO_ROOT, type DaemonProcess } from '../helpers/daemon.ts';
import { useDaemon } from '../helpers/daemon-fixture.ts';
import { waitUntil } from '@rdv/test-support';
import { addStrayUser } from '../helpers/users.ts';

const CLI = join(REPO_ROOT, 'apps/cli/bin/rdv.js');
const EXPECTED_TOOLS = [
  'close_session',
  'create_session',
  'create_worktree',
  'exec',
  'folder_context',
  'get_session',
  'inject',
  'list_folders',
  'list_insights',
  'list_sessions',
  'orchestrator_status',
  'read_scrollback',
  'resolve_insight',
  'search_sessions',
  'worktree_commit',
  'worktree_diff',
  'worktree_push',
  'worktree_stage',
  'worktree_status',
];

type ToolResult = Awaited<ReturnType<Client['callTool']>>;
const textOf = (result: ToolResult) =>
  (result.content as Array<{ type: string; text: string }>)[0]?.text ?? '';

/** A Streamable HTTP transport to api.sock (undici with a unix-socket dispatcher). */
function httpTransport(
  daemon: DaemonProcess,
  token: string | null,
): { transport: Transport; close: () => Promise<void> } {
  const dispatcher = new Agent({ connect: { socketPath: daemon.apiSocket } });
  const transport = new StreamableHTTPClientTransport(new URL('http://localhost/mcp'), {
    fetch: ((url: string | URL, init?: RequestInit) =>
      undiciFetch(url, { ...(init as object), dispatcher })) as unknown as typeof fetch,
    requestInit: token ? { headers: { authorization: `Bearer ${token}` } } : {},
  });
  return { transport, close: () => dispatcher.close() };
}

function stdioTransport(
  daemon: DaemonProcess,
  extraEnv: Record<string, string> = {},
): StdioClientTransport {
  const env = Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined),
  );
  return new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp'],
    env: { ...env, RDV_HOME: daemon.home, RDV_TOKEN: '', ...extraEnv },
    stderr: 'pipe',
  });
}

async function connect(transport: Transport): Promise<Client> {
  const client = new Client({ name: 'rdv-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

describe('MCP server (real daemon)', () => {
  let workdir: string;
  const fx = useDaemon({ env: { SHELL: '/bin/bash' } });
  beforeAll(async () => {
    workdir = mkdtempSync(join(tmpdir(), 'rdv-mcp-'));
  });

  /** What both transports must do: list tools, create a session, exec, read the output back. */
  async function exercise(client: Client, marker: string): Promise<string> {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(EXPECTED_TOOLS);

    const created = await client.callTool({
      name: 'create_session',
      arguments: { name: marker, cwd: workdir },
    });
    expect(created.isError).toBeFalsy();
    const session = JSON.parse(textOf(created)) as { id: string; name: string; status: string };
    expect(session).toMatchObject({ name: marker, status: 'active' });

    const exec = await client.callTool({
      name: 'exec',
      arguments: { id: session.id, text: `echo ${marker}-$((6*7))` },
    });
    expect(exec.isError).toBeFalsy();
    await waitUntil(async () => {
      const output = await client.callTool({
        name: 'read_scrollback',
        arguments: { id: session.id, lines: 50 },
      });
      return textOf(output).split('\n').includes(`${marker}-42`);
    }, 'the command output over MCP');

    const searched = await client.callTool({ name: 'search_sessions', arguments: { query: `${marker}-42`, sessionId: session.id } });
    expect(searched.isError).toBeFalsy();
    const { matches } = JSON.parse(textOf(searched)) as { matches: Array<{ sessionId: string; text: string; source: string }> };
    expect(matches).toEqual([expect.objectContaining({ sessionId: session.id, text: `${marker}-42`, source: 'scrollback' })]);
    const badRegex = await client.callTool({ name: 'search_sessions', arguments: { query: '(', regex: true } });
    expect(badRegex.isError).toBe(true);
    expect(textOf(badRegex)).toMatch(/BAD_REQUEST.*invalid regular expression/);

    const refused = await client.callTool({
      name: 'exec',
      arguments: { id: session.id, text: 'rm -rf ~/' },
    });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/^exec failed: FORBIDDEN: refused to type/);

    const missing = await client.callTool({
      name: 'get_session',
      arguments: { id: 'doesnotexist' },
    });
    expect(missing).toMatchObject({ isError: true });
    expect(textOf(missing)).toContain('NOT_FOUND');
    const invalid = await client.callTool({
      name: 'read_scrollback',
      arguments: { id: '../../etc' },
    });
    expect(invalid.isError).toBe(true);

    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(
      expect.arrayContaining([
        'rdv://sessions',
        'rdv://folders',
        'rdv://preferences',
        `rdv://sessions/${session.id}/output`,
      ]),
    );
    const output = await client.readResource({ uri: `rdv://sessions/${session.id}/output` });
    expect((output.contents[0] as { text: string }).text).toContain(`${marker}-42`);
    return session.id;
  }

  it('over stdio: the built `rdv mcp` with the CLI token', async () => {
    const client = await connect(stdioTransport(fx.daemon));
    try {
      const id = await exercise(client, 'stdio');
      const status = await client.callTool({ name: 'orchestrator_status', arguments: {} });
      expect(JSON.parse(textOf(status))).toEqual([]);
      expect(
        auditRows(fx.home, 'sessions.exec')
          .filter((row) => row.target === `session:${id}`)
          .map((r) => r.outcome),
      ).toEqual(['success', 'refused']);
    } finally {
      await client.close();
    }
  });

  it('over Streamable HTTP at /mcp on api.sock, authenticated like tRPC', async () => {
    const { transport, close } = httpTransport(fx.daemon, fx.daemon.cliToken());
    const client = await connect(transport);
    try {
      const id = await exercise(client, 'http');
      const closed = await client.callTool({ name: 'close_session', arguments: { id } });
      expect(JSON.parse(textOf(closed))).toMatchObject({ id, status: 'closed' });
    } finally {
      await client.close();
      await close();
    }
  });

  it('refuses /mcp without a valid token (401), and scopes every tool to the caller', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    const headers = {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    };
    const missing = await rawRequest(fx.daemon.apiSocket, {
      method: 'POST',
      path: '/mcp',
      headers,
      body,
    });
    expect(missing.status).toBe(401);
    const wrong = await rawRequest(fx.daemon.apiSocket, {
      method: 'POST',
      path: '/mcp',
      headers: { ...headers, authorization: `Bearer rdv_${'x'.repeat(40)}` },
      body,
    });
    expect(wrong.status).toBe(401);
    expect(
      (await rawRequest(fx.daemon.apiSocket, { method: 'GET', path: '/mcp', headers })).status,
    ).toBe(405);
    const { transport, close } = httpTransport(fx.daemon, null);
    await expect(connect(transport)).rejects.toThrow();
    await close();

    // A token of a user row that is not the owner (an older, multi-user rdv left it) opens nothing.
    const stray = addStrayUser(fx.home, 'mallory');
    const theirs = httpTransport(fx.daemon, stray.token);
    await expect(connect(theirs.transport)).rejects.toThrow();
    await theirs.close();
  });

  it('stdio keeps working, with clear tool errors, when the daemon is unreachable', async () => {
    const client = await connect(
      stdioTransport(fx.daemon, { RDV_HOME: join(fx.home, 'nowhere') }),
    );
    try {
      const result = await client.callTool({ name: 'list_sessions', arguments: {} });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('rdv-server is not reachable');
      expect((await client.listTools()).tools).toHaveLength(EXPECTED_TOOLS.length);
    } finally {
      await client.close();
    }
  });
});
