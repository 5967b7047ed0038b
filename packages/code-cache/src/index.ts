// `@rdv/code-cache`: runs a CommonJS bundle with a V8 code cache, so a process that starts often
// (the daemon, the CLI) does not parse and compile the same megabytes of JavaScript every time.
// Node 20 has no module.enableCompileCache; this is the vm.Script route that v8-compile-cache
// takes, with the cache file kept private to the user and checked before V8 sees it.
// Node built-ins only: the loaders that import it run before anything else.
export { runBundle, type BundleRun, type CacheState, type RunBundleOptions } from './run-bundle.ts';
export { CACHE_FILE_MODE, CACHE_DIR_MODE, readCacheFile, writeCacheFile } from './cache-file.ts';
