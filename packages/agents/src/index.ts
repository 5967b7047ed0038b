export {
  AGENTS,
  AGENT_NAMES,
  AGENT_SESSION_ID_PATTERN,
  isAgentName,
  isAgentSessionId,
  resumeCommand,
  type AgentName,
  type AgentPreset,
  type HookMechanism,
} from './agents.ts';
