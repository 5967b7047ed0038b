// `@rdv/config/paths`: RDV_HOME and where its files are, without loading the full validator
// (zod): the CLI needs this on every command.
export { expandTilde, resolveHome, resolveInHome } from './home.ts';
export { readHomePaths } from './home-paths.ts';
