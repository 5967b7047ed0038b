// `rdv hooks install` (the built CLI) on real files in a temp HOME: what it writes, that a second
// run changes nothing, that the user's own settings survive, the dry run's diff, and that
// --uninstall takes away exactly what it added.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rdv } from '../helpers/cli.ts';

let home: string;
const run = (args: string[]) => rdv(home, ['hooks', ...args], { env: { HOME: home, XDG_CONFIG_HOME: '', CLAUDE_CONFIG_DIR: '', CODEX_HOME: '' } });
const read = (path: string) => readFileSync(join(home, path), 'utf8');
const ALL = ['--agent', 'claude', '--agent', 'codex', '--agent', 'gemini', '--agent', 'opencode'];

const CLAUDE = `${JSON.stringify({ model: 'opus', env: { FOO: 'bar' }, hooks: { Notification: [{ matcher: '', hooks: [{ type: 'command', command: 'notify-send claude' }] }] } }, null, 2)}\n`;
const GEMINI = `${JSON.stringify({ ui: { theme: 'GitHub' } }, null, 2)}\n`;
const CODEX = '# my codex\nmodel = "gpt-5-codex"\n\n[mcp_servers.docs]\ncommand = "docs-mcp"\n';

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'rdv-hooks-home-'));
  mkdirSync(join(home, '.claude'));
  mkdirSync(join(home, '.gemini'));
  mkdirSync(join(home, '.codex'));
  writeFileSync(join(home, '.claude/settings.json'), CLAUDE);
  writeFileSync(join(home, '.gemini/settings.json'), GEMINI);
  writeFileSync(join(home, '.codex/config.toml'), CODEX);
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('rdv hooks install (real files, temp HOME)', () => {
  it('--dry-run prints a unified diff per file and writes nothing', async () => {
    const dry = await run(['install', ...ALL, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`--- ${join(home, '.claude/settings.json')}`);
    expect(dry.stdout).toContain(`+++ ${join(home, '.claude/settings.json')}`);
    expect(dry.stdout).toMatch(/^\+ +"command": "rdv hook --agent claude"$/m);
    expect(dry.stdout).toMatch(/^\+notify = \[ "rdv", "hook", "--agent", "codex" \]$/m);
    expect(dry.stdout).toContain('--- /dev/null');
    expect(dry.stdout).toContain('Claude Code: would install hooks in ~/.claude/settings.json');
    expect(dry.stderr).toContain('dry run: nothing was written');
    expect(read('.claude/settings.json')).toBe(CLAUDE);
    expect(read('.gemini/settings.json')).toBe(GEMINI);
    expect(read('.codex/config.toml')).toBe(CODEX);
    expect(existsSync(join(home, '.config/opencode/plugins/rdv.js'))).toBe(false);
  });

  it('installs once, keeps the user settings, is idempotent, and --uninstall restores every file', async () => {
    const first = await run(['install', ...ALL]);
    expect(first, first.stderr).toMatchObject({ code: 0 });
    expect(first.stdout.split('\n').filter(Boolean)).toHaveLength(4);

    const claude = JSON.parse(read('.claude/settings.json'));
    expect(claude).toMatchObject({ model: 'opus', env: { FOO: 'bar' } });
    expect(claude.hooks.Notification).toEqual([
      { matcher: '', hooks: [{ type: 'command', command: 'notify-send claude' }] },
      { hooks: [{ type: 'command', command: 'rdv hook --agent claude' }] },
    ]);
    expect(Object.keys(claude.hooks).sort()).toEqual(['Notification', 'PermissionRequest', 'PostToolUse', 'PreToolUse', 'SessionEnd', 'SessionStart', 'Stop', 'UserPromptSubmit']);
    const gemini = JSON.parse(read('.gemini/settings.json'));
    expect(gemini.ui).toEqual({ theme: 'GitHub' });
    expect(gemini.hooks.BeforeTool).toEqual([{ hooks: [{ type: 'command', command: 'rdv hook --agent gemini', name: 'rdv', timeout: 5000 }] }]);
    const codex = parse(read('.codex/config.toml'));
    expect(codex).toMatchObject({ model: 'gpt-5-codex', notify: ['rdv', 'hook', '--agent', 'codex'], mcp_servers: { docs: { command: 'docs-mcp' } } });
    expect(read('.codex/config.toml')).toContain('# my codex\n');
    expect(read('.config/opencode/plugins/rdv.js')).toContain('export const RdvPlugin');

    const snapshot = ['.claude/settings.json', '.gemini/settings.json', '.codex/config.toml', '.config/opencode/plugins/rdv.js'].map(read);
    const again = await run(['install', ...ALL, '--json']);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as Array<{ action: string }>).map((c) => c.action)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
    expect(['.claude/settings.json', '.gemini/settings.json', '.codex/config.toml', '.config/opencode/plugins/rdv.js'].map(read)).toEqual(snapshot);

    const status = await run(['status', '--json']);
    expect(JSON.parse(status.stdout)).toEqual({ claude: true, codex: true, gemini: true, opencode: true });

    const removed = await run(['install', ...ALL, '--uninstall']);
    expect(removed, removed.stderr).toMatchObject({ code: 0 });
    expect(read('.claude/settings.json')).toBe(CLAUDE);
    expect(read('.gemini/settings.json')).toBe(GEMINI);
    expect(read('.codex/config.toml')).toBe(CODEX);
    expect(existsSync(join(home, '.config/opencode/plugins/rdv.js'))).toBe(false);
  });

  it('without --agent, edits only the agents that are there; leaves a foreign notify alone and exits 1', async () => {
    writeFileSync(join(home, '.codex/config.toml'), 'notify = ["my-notifier"]\n');
    const result = await run(['install']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Codex CLI: left ~\/\.codex\/config\.toml alone: .*already has notify/);
    expect(read('.codex/config.toml')).toBe('notify = ["my-notifier"]\n');
    expect(JSON.parse(read('.claude/settings.json')).hooks.Stop).toBeDefined();
    // No ~/.config/opencode and no opencode on PATH: nothing written for it.
    expect(existsSync(join(home, '.config/opencode'))).toBe(false);
  });

  it('refuses an unknown agent as a usage error', async () => {
    const result = await run(['install', '--agent', 'copilot']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--agent is one of claude, codex, gemini, opencode');
  });
});
