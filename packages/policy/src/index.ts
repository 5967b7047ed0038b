// `@rdv/policy`: pure rules that decide what may happen, shared by the daemon and the apps (which
// may load them at run time, unlike @rdv/api): which text may be typed into a session
// (`@rdv/policy/exec-guard`) and how often a caller may call (`@rdv/policy/rate-limit`).
// No imports outside this package, no Node APIs.
export * from './exec-guard/index.ts';
export * from './rate-limit/index.ts';
