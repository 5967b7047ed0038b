// Prisma's query compiler (WebAssembly, ~1.8 MB) ships as a JavaScript module holding it in
// base64. Loading it that way costs every daemon start about 20 ms of the main thread: V8 parses
// a 2.5 MB string module, Node decodes it, and `new WebAssembly.Module` compiles it synchronously.
// This build writes the bytes beside the bundle once, and the generated client's loader reads
// them from there.
import { readFileSync } from 'node:fs';

const BASE64_MODULE = '@prisma/client/runtime/query_compiler_bg.sqlite.wasm-base64.mjs';

export const QUERY_COMPILER_WASM = {
  file: 'query_compiler_bg.sqlite.wasm',
  async bytes() {
    const { wasm } = await import(BASE64_MODULE);
    return Buffer.from(wasm, 'base64');
  },
};

/** The loader in the generated client (packages/db/src/generated/internal/class.ts) that we replace. */
const GENERATED_LOADER = `const { wasm } = await import("${BASE64_MODULE}")
    return await decodeBase64AsWasm(wasm)`;

/**
 * Compiled synchronously on the first query, as Prisma's own loader does: an asynchronous compile
 * started early was measured slower, since V8 then compiles the functions lazily on the main
 * thread while the first queries run.
 */
const FILE_LOADER = `
async function __rdvQueryCompilerModule() {
  return new WebAssembly.Module(__rdvReadFileSync(new URL('./${QUERY_COMPILER_WASM.file}', import.meta.url)));
}
`;
/** A static import: the CommonJS build runs in a vm.Script, which has no dynamic import(). */
const FILE_LOADER_IMPORT = `import { readFileSync as __rdvReadFileSync } from 'node:fs';\n`;

export function prismaWasmAsFile() {
  return {
    name: 'prisma-wasm-as-file',
    setup(b) {
      b.onLoad({ filter: /[\\/]generated[\\/]internal[\\/]class\.ts$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes(GENERATED_LOADER)) {
          // A newer Prisma generates another loader: fail the build rather than ship a daemon
          // that loads the compiler the slow way without anyone noticing.
          throw new Error(`prisma-wasm-as-file: the generated query compiler loader in ${args.path} changed; update apps/daemon/build/prisma-wasm-file.mjs`);
        }
        return {
          contents: FILE_LOADER_IMPORT + source.replace(GENERATED_LOADER, 'return __rdvQueryCompilerModule()') + FILE_LOADER,
          loader: 'ts',
        };
      });
    },
  };
}
