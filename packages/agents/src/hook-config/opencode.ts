import { join } from 'node:path';
import type { AgentHookTarget, HookEdit } from './types.ts';

/**
 * OpenCode has no command hooks; it loads JavaScript plugins from ~/.config/opencode/plugins/
 * (opencode.ai/docs/plugins, OpenCode 1.x). rdv writes one small plugin that runs `rdv hook` on
 * the bus events that matter: session.status busy → working, permission.asked → asking
 * permission, question.asked → waiting for input, session.idle → finished, session.error →
 * errored (permission.updated is the pre-1.0 spelling of permission.asked). The file is rdv's
 * alone: uninstall deletes it.
 */
const MARKER = '// Written by `rdv hooks install` (rdv-opencode-plugin v1); `rdv hooks install --uninstall` deletes it.';
const EVENTS = ['session.status', 'permission.asked', 'permission.updated', 'permission.replied', 'question.asked', 'session.idle', 'session.error'] as const;

function plugin(rdvCommand: string): string {
  const argv = JSON.stringify(rdvCommand.trim().split(/\s+/));
  return `${MARKER}
// Tells rdv what this OpenCode session is doing; quiet, and only inside an rdv session.
const EVENTS = new Set(${JSON.stringify(EVENTS)});

export const RdvPlugin = async ({ $ }) => {
  if (!process.env.RDV_SESSION_ID) return {};
  const rdv = ${argv};
  return {
    event: async ({ event }) => {
      if (!EVENTS.has(event.type)) return;
      const props = event.properties ?? {};
      let name = event.type;
      if (name === 'session.status') {
        if (props.status?.type !== 'busy') return;
        name = 'running';
      }
      const id = props.sessionID ?? props.info?.id;
      const args = ['hook', '--agent', 'opencode', name, ...(typeof id === 'string' ? ['--agent-session', id] : [])];
      await $\`\${rdv} \${args}\`.quiet().nothrow();
    },
  };
};
`;
}

function install(before: string | null, rdvCommand: string): HookEdit {
  const wanted = plugin(rdvCommand);
  if (before === wanted) return { after: before };
  if (before !== null && !before.startsWith(MARKER)) {
    return { after: before, conflict: 'an rdv.js plugin that rdv did not write is in the way; rename it and install again' };
  }
  return { after: wanted };
}

export const opencodeHooks: AgentHookTarget = {
  agent: 'opencode',
  events: EVENTS,
  path: ({ home, env }) => join(env.XDG_CONFIG_HOME || join(home, '.config'), 'opencode', 'plugins', 'rdv.js'),
  install,
  uninstall: (before) => ({ after: before !== null && before.startsWith(MARKER) ? null : before }),
  isInstalled: (before) => before !== null && before.startsWith(MARKER),
};
