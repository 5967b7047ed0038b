export {
  DEFAULT_RDV_COMMAND,
  HOOK_TARGETS,
  applyHookChanges,
  detectAgents,
  hookStatus,
  planHookChanges,
  type HookChange,
  type HookPlanOptions,
} from './plan.ts';
export { HookConfigError, type AgentHookTarget, type HookLocation } from './types.ts';
