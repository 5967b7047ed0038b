// The CLI as a library, for integration tests that drive it with injected streams.
export { run } from './run.ts';
export { buildProgram } from './program.ts';
export {
  createCliContext,
  type CliContext,
  type CliInput,
  type CliOutput,
  type ClientHandle,
} from './context.ts';
export { cliPaths, type CliPaths } from './paths.ts';
export { ExitCode, CliError } from './errors.ts';
