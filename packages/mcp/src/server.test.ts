import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { RdvOps } from './ops.ts';
import { createRdvMcpServer } from './server.ts';
import { TOOLS } from './tools.ts';

/** An RdvOps whose calls are recorded; unimplemented calls fail like the API would. */
function fakeOps(overrides: Partial<Record<keyof RdvOps, (input: unknown) => Promise<unknown>>>) {
  const calls: Array<[string, unknown]> = [];
  const ops = new Proxy({} as RdvOps, {
    get: (_target, name: string) => async (input: unknown) => {
      calls.push([name, input]);
      const impl = overrides[name as keyof RdvOps];
      if (!impl) throw Object.assign(new Error(`session x not found`), { code: 'NOT_FOUND' });
      return impl(input);
    },
  });
  return { ops, calls };
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function connect(ops: RdvOps, errors: string[] = []) {
  const server = createRdvMcpServer(ops, { onError: (_e, where) => errors.push(where) });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(clientSide);
  closers.push(
    () => client.close(),
    () => server.close(),
  );
  return client;
}

const textOf = (result: Awaited<ReturnType<Client['callTool']>>) =>
  (result.content as Array<{ type: string; text: string }>)[0]?.text ?? '';

describe('rdv MCP server', () => {
  it('lists every tool with its input schema', async () => {
    const client = await connect(fakeOps({}).ops);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(TOOLS.map((t) => t.name).sort());
    const exec = tools.find((t) => t.name === 'exec');
    expect(exec?.inputSchema.required).toEqual(['id', 'text']);
    expect(exec?.annotations?.destructiveHint).toBe(true);
  });

  it('calls ops with validated input and returns JSON or text', async () => {
    const { ops, calls } = fakeOps({
      listSessions: async () => [{ id: 's1', name: 'one' }],
      scrollback: async () => ({ text: 'hello\nworld', lines: 2 }),
    });
    const client = await connect(ops);
    const listed = await client.callTool({
      name: 'list_sessions',
      arguments: { status: 'active' },
    });
    expect(JSON.parse(textOf(listed))).toEqual([{ id: 's1', name: 'one' }]);
    const output = await client.callTool({ name: 'read_scrollback', arguments: { id: 's1' } });
    expect(textOf(output)).toBe('hello\nworld');
    expect(calls).toEqual([
      ['listSessions', { status: 'active' }],
      ['scrollback', { id: 's1', lines: 200 }],
    ]);
  });

  it('searches sessions with the arguments given, and refuses a bad one without calling rdv', async () => {
    const page = { matches: [{ sessionId: 's1', line: 3, text: 'an error' }], nextCursor: null, searchedSessions: 1, elapsedMs: 5, truncated: false };
    const { ops, calls } = fakeOps({ search: async () => page });
    const client = await connect(ops);
    const found = await client.callTool({ name: 'search_sessions', arguments: { query: 'error', regex: false, sources: ['scrollback'] } });
    expect(JSON.parse(textOf(found))).toEqual(page);
    const bad = await client.callTool({ name: 'search_sessions', arguments: { query: '', sessionId: '../x' } });
    expect(bad.isError).toBe(true);
    expect(calls).toEqual([['search', { query: 'error', regex: false, sources: ['scrollback'] }]]);
  });

  it('turns API errors into tool errors with the code, and reports them', async () => {
    const errors: string[] = [];
    const client = await connect(fakeOps({}).ops, errors);
    const result = await client.callTool({ name: 'get_session', arguments: { id: 'x' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('get_session failed: NOT_FOUND: session x not found');
    expect(errors).toEqual(['tool get_session']);
  });

  it('refuses invalid arguments as a tool error without calling rdv', async () => {
    const { ops, calls } = fakeOps({});
    const client = await connect(ops);
    const result = await client.callTool({ name: 'exec', arguments: { id: '../etc', text: '' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/invalid/i);
    expect(calls).toEqual([]);
  });

  it('worktree_diff reads (readOnly), worktree_commit and worktree_push write, with the arguments as given', async () => {
    const { ops, calls } = fakeOps({
      worktreeDiff: async () => ({ files: [], totals: { files: 0, additions: 0, deletions: 0 } }),
      worktreeCommit: async () => ({ commit: 'c0ffee' }),
    });
    const client = await connect(ops);
    const { tools } = await client.listTools();
    const hints = (name: string) => tools.find((t) => t.name === name)?.annotations?.readOnlyHint;
    expect([hints('worktree_diff'), hints('worktree_stage'), hints('worktree_commit'), hints('worktree_push')]).toEqual([
      true,
      false,
      false,
      false,
    ]);
    const diff = await client.callTool({ name: 'worktree_diff', arguments: { path: '/src/app', against: 'head', stat: true } });
    expect(JSON.parse(textOf(diff))).toMatchObject({ files: [] });
    await client.callTool({ name: 'worktree_commit', arguments: { id: 'w1', message: 'Fix it' } });
    const bad = await client.callTool({ name: 'worktree_diff', arguments: { id: 'w1', against: 'yesterday' } });
    expect(bad.isError).toBe(true);
    expect(calls).toEqual([
      ['worktreeDiff', { path: '/src/app', against: 'head', stat: true }],
      ['worktreeCommit', { id: 'w1', message: 'Fix it' }],
    ]);
  });

  it('says so when the daemon is down', async () => {
    const down = Object.assign(new Error('fetch failed'), {
      cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    });
    const client = await connect(fakeOps({ listFolders: () => Promise.reject(down) }).ops);
    const result = await client.callTool({ name: 'list_folders', arguments: {} });
    expect(textOf(result)).toContain('rdv-server is not reachable');
  });

  it('serves resources: sessions, a session output, folders, preferences', async () => {
    const client = await connect(
      fakeOps({
        listSessions: async () => [{ id: 's1', name: 'one' }],
        scrollback: async () => ({ text: 'out', lines: 1 }),
        listFolders: async () => [],
        resolvePreferences: async () => ({ values: { shell: '/bin/bash' } }),
      }).ops,
    );
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri).sort()).toEqual([
      'rdv://folders',
      'rdv://preferences',
      'rdv://sessions',
      'rdv://sessions/s1/output',
    ]);
    const output = await client.readResource({ uri: 'rdv://sessions/s1/output' });
    expect(output.contents[0]).toMatchObject({ mimeType: 'text/plain', text: 'out' });
    const prefs = await client.readResource({ uri: 'rdv://preferences' });
    expect(JSON.parse(String((prefs.contents[0] as { text: string }).text))).toEqual({
      values: { shell: '/bin/bash' },
    });
  });
});
