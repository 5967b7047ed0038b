import { mkdtemp, readFile, rm, writeFile, mkdir, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyHookChanges, hookStatus, planHookChanges } from './plan.ts';

let home: string;
const env = {};
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'rdv-hooks-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

async function install(agents: ('claude' | 'codex' | 'gemini' | 'opencode')[], uninstall = false) {
  const changes = await planHookChanges({ home, env, agents, uninstall });
  await applyHookChanges(changes);
  return changes;
}
const exists = (path: string) => access(path).then(() => true, () => false);

describe('Claude Code settings.json', () => {
  const path = () => join(home, '.claude', 'settings.json');
  const original = `${JSON.stringify({
    model: 'opus',
    permissions: { allow: ['Bash(npm test)'] },
    hooks: { Stop: [{ hooks: [{ type: 'command', command: 'say done' }] }] },
  }, null, 2)}\n`;

  it("adds rdv's hooks once, keeps the user's settings and hooks, and uninstall restores the file byte for byte", async () => {
    await mkdir(join(home, '.claude'));
    await writeFile(path(), original);
    const [first] = await install(['claude']);
    expect(first?.action).toBe('install');
    const settings = JSON.parse(await readFile(path(), 'utf8'));
    expect(settings.model).toBe('opus');
    expect(settings.permissions).toEqual({ allow: ['Bash(npm test)'] });
    expect(settings.hooks.Stop).toEqual([
      { hooks: [{ type: 'command', command: 'say done' }] },
      { hooks: [{ type: 'command', command: 'rdv hook --agent claude' }] },
    ]);
    for (const event of ['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PermissionRequest', 'Notification', 'SessionEnd']) {
      expect(settings.hooks[event]).toEqual([{ hooks: [{ type: 'command', command: 'rdv hook --agent claude' }] }]);
    }
    expect(await hookStatus({ home, env }, ['claude'])).toEqual({ claude: true });

    const installed = await readFile(path(), 'utf8');
    const [again] = await install(['claude']);
    expect(again?.action).toBe('unchanged');
    expect(await readFile(path(), 'utf8')).toBe(installed);

    const [removed] = await install(['claude'], true);
    expect(removed?.action).toBe('remove');
    expect(await readFile(path(), 'utf8')).toBe(original);
    expect(await hookStatus({ home, env }, ['claude'])).toEqual({ claude: false });
  });

  it('plans a unified diff without writing anything (dry run)', async () => {
    await mkdir(join(home, '.claude'));
    await writeFile(path(), original);
    const [change] = await planHookChanges({ home, env, agents: ['claude'] });
    expect(change?.diff).toContain(`--- ${path()}`);
    expect(change?.diff).toContain(`+++ ${path()}`);
    expect(change?.diff).toMatch(/^\+ +"command": "rdv hook --agent claude"$/m);
    expect(change?.diff).toMatch(/^@@ /m);
    expect(await readFile(path(), 'utf8')).toBe(original);
  });

  it('creates the file when there is none, and uninstall deletes it again', async () => {
    await install(['claude']);
    expect(await exists(path())).toBe(true);
    await install(['claude'], true);
    expect(await exists(path())).toBe(false);
  });

  it('leaves a file that is not JSON alone and says why', async () => {
    await mkdir(join(home, '.claude'));
    await writeFile(path(), '{ "model": ');
    const [change] = await install(['claude']);
    expect(change?.action).toBe('conflict');
    expect(change?.message).toMatch(/not valid JSON/);
    expect(await readFile(path(), 'utf8')).toBe('{ "model": ');
  });

  it('follows CLAUDE_CONFIG_DIR', async () => {
    const dir = join(home, 'elsewhere');
    const [change] = await planHookChanges({ home, env: { CLAUDE_CONFIG_DIR: dir }, agents: ['claude'] });
    expect(change?.path).toBe(join(dir, 'settings.json'));
  });
});

describe('Gemini CLI settings.json', () => {
  it('adds named command hooks with a timeout for its own events, and removes exactly them', async () => {
    const path = join(home, '.gemini', 'settings.json');
    await mkdir(join(home, '.gemini'));
    const original = `${JSON.stringify({ theme: 'GitHub', hooks: { BeforeTool: [{ matcher: 'write_file', hooks: [{ type: 'command', command: './lint.sh' }] }] } }, null, 2)}\n`;
    await writeFile(path, original);
    await install(['gemini']);
    const settings = JSON.parse(await readFile(path, 'utf8'));
    expect(settings.theme).toBe('GitHub');
    expect(settings.hooks.BeforeTool[0]).toEqual({ matcher: 'write_file', hooks: [{ type: 'command', command: './lint.sh' }] });
    expect(settings.hooks.AfterAgent).toEqual([{ hooks: [{ type: 'command', command: 'rdv hook --agent gemini', name: 'rdv', timeout: 5000 }] }]);
    expect(Object.keys(settings.hooks).sort()).toEqual(['AfterAgent', 'AfterTool', 'BeforeAgent', 'BeforeTool', 'Notification', 'SessionEnd', 'SessionStart']);
    await install(['gemini'], true);
    expect(await readFile(path, 'utf8')).toBe(original);
  });
});

describe('Codex config.toml', () => {
  const path = () => join(home, '.codex', 'config.toml');
  const original = '# my settings\nmodel = "gpt-5-codex"  # the default\n\n[projects."/srv/app"]\ntrust_level = "trusted"\n';

  it('adds a top-level notify before the tables, keeps comments, and uninstall restores the text exactly', async () => {
    await mkdir(join(home, '.codex'));
    await writeFile(path(), original);
    await install(['codex']);
    const text = await readFile(path(), 'utf8');
    const config = parse(text) as Record<string, unknown>;
    expect(config.notify).toEqual(['rdv', 'hook', '--agent', 'codex']);
    expect(config.model).toBe('gpt-5-codex');
    expect(config.projects).toEqual({ '/srv/app': { trust_level: 'trusted' } });
    expect(text).toContain('model = "gpt-5-codex"  # the default');
    expect((await install(['codex']))[0]?.action).toBe('unchanged');
    await install(['codex'], true);
    expect(await readFile(path(), 'utf8')).toBe(original);
  });

  it("does not replace the user's own notify program", async () => {
    await mkdir(join(home, '.codex'));
    const mine = 'notify = ["python3", "/home/me/notify.py"]\n';
    await writeFile(path(), mine);
    const [change] = await install(['codex']);
    expect(change?.action).toBe('conflict');
    expect(change?.message).toMatch(/already has notify/);
    expect(await readFile(path(), 'utf8')).toBe(mine);
    expect((await install(['codex'], true))[0]?.action).toBe('unchanged');
    expect(await readFile(path(), 'utf8')).toBe(mine);
  });

  it('refuses a file that is not TOML', async () => {
    await mkdir(join(home, '.codex'));
    await writeFile(path(), 'model = \n');
    const [change] = await install(['codex']);
    expect(change?.action).toBe('conflict');
    expect(change?.message).toMatch(/not valid TOML/);
  });
});

describe('OpenCode plugin', () => {
  it('writes its own plugin file under XDG_CONFIG_HOME and deletes it on uninstall', async () => {
    const xdg = join(home, 'xdg');
    const [change] = await planHookChanges({ home, env: { XDG_CONFIG_HOME: xdg }, agents: ['opencode'] });
    expect(change?.path).toBe(join(xdg, 'opencode', 'plugins', 'rdv.js'));
    await applyHookChanges(change ? [change] : []);
    const text = await readFile(join(xdg, 'opencode', 'plugins', 'rdv.js'), 'utf8');
    expect(text).toContain("'hook', '--agent', 'opencode'");
    expect(text).toContain('"permission.asked"');
    const [removed] = await planHookChanges({ home, env: { XDG_CONFIG_HOME: xdg }, agents: ['opencode'], uninstall: true });
    await applyHookChanges(removed ? [removed] : []);
    expect(await exists(join(xdg, 'opencode', 'plugins', 'rdv.js'))).toBe(false);
  });

  it('leaves an rdv.js it did not write alone', async () => {
    const dir = join(home, '.config', 'opencode', 'plugins');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'rdv.js'), 'export const Mine = async () => ({})\n');
    const [change] = await install(['opencode']);
    expect(change?.action).toBe('conflict');
    expect((await install(['opencode'], true))[0]?.action).toBe('unchanged');
    expect(await readFile(join(dir, 'rdv.js'), 'utf8')).toBe('export const Mine = async () => ({})\n');
  });
});

describe('the OpenCode plugin itself', () => {
  it('runs `rdv hook` with the event and the OpenCode session id, only for the events that matter', async () => {
    const [change] = await planHookChanges({ home, env, agents: ['opencode'] });
    const file = join(home, 'rdv-plugin.mjs');
    await writeFile(file, change?.after ?? '');
    const { RdvPlugin } = (await import(file)) as { RdvPlugin: (ctx: unknown) => Promise<{ event?: (e: unknown) => Promise<void> }> };
    const calls: unknown[][] = [];
    // Bun's `$` as a tagged template: record the interpolated argv.
    const $ = (_strings: TemplateStringsArray, ...values: unknown[]) => {
      calls.push(values.flat());
      const result = { quiet: () => result, nothrow: () => Promise.resolve() };
      return result;
    };
    const previous = process.env.RDV_SESSION_ID;
    process.env.RDV_SESSION_ID = 'abc';
    try {
      const hooks = await RdvPlugin({ $ });
      await hooks.event?.({ event: { type: 'permission.asked', properties: { sessionID: 'ses_1' } } });
      await hooks.event?.({ event: { type: 'session.status', properties: { sessionID: 'ses_1', status: { type: 'busy' } } } });
      await hooks.event?.({ event: { type: 'session.status', properties: { sessionID: 'ses_1', status: { type: 'idle' } } } });
      await hooks.event?.({ event: { type: 'message.updated', properties: {} } });
      await hooks.event?.({ event: { type: 'session.idle', properties: { sessionID: 'ses_1' } } });
    } finally {
      if (previous === undefined) delete process.env.RDV_SESSION_ID;
      else process.env.RDV_SESSION_ID = previous;
    }
    expect(calls).toEqual([
      ['rdv', 'hook', '--agent', 'opencode', 'permission.asked', '--agent-session', 'ses_1'],
      ['rdv', 'hook', '--agent', 'opencode', 'running', '--agent-session', 'ses_1'],
      ['rdv', 'hook', '--agent', 'opencode', 'session.idle', '--agent-session', 'ses_1'],
    ]);
  });
});
