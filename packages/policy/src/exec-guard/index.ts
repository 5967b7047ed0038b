// `@rdv/policy/exec-guard`: the check every path that types text into a session runs first (the
// daemon's SafeInjector, and the CLI's offline `rdv session exec`). No imports outside this
// folder, so the CLI can bundle it without any server code.
export {
  findDestructivePattern,
  refusalReason,
  type DestructiveMatch,
  type DestructiveRule,
} from './destructive-patterns.ts';
