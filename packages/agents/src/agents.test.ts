import { describe, expect, it } from 'vitest';
import { isAgentSessionId, resumeCommand } from './agents.ts';

describe('resumeCommand', () => {
  const id = '0b6a3f1e-5c2d-4e8f-9a7b-1c2d3e4f5a6b';
  it("uses each agent's own resume flag and keeps the session's flags", () => {
    expect(resumeCommand('claude', 'claude --model opus', id)).toBe(`claude --model opus --resume ${id}`);
    expect(resumeCommand('gemini', 'gemini', id)).toBe(`gemini --resume ${id}`);
    expect(resumeCommand('opencode', 'opencode', 'ses_4f2a9c')).toBe('opencode --session ses_4f2a9c');
    expect(resumeCommand('codex', 'codex --full-auto', id)).toBe(`codex resume ${id} --full-auto`);
  });

  it("starts from the agent's own command when the session ran something else", () => {
    expect(resumeCommand('codex', 'claude --model opus', id)).toBe(`codex resume ${id}`);
    expect(resumeCommand('claude', '', id)).toBe(`claude --resume ${id}`);
    expect(resumeCommand('claude', '/usr/local/bin/claude --verbose', id)).toBe(`/usr/local/bin/claude --verbose --resume ${id}`);
  });

  it('refuses an id that could carry shell syntax', () => {
    for (const bad of ['x; rm -rf ~', '$(id)', 'a b', '-rf', '', `a'b`, 'a\nb', 'x'.repeat(129)]) {
      expect(isAgentSessionId(bad)).toBe(false);
      expect(() => resumeCommand('claude', 'claude', bad)).toThrow(/not a valid/);
    }
  });
});
