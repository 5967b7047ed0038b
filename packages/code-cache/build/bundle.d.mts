/** esbuild's banner and footer for a bundle that runBundle runs (see bundle.mjs). */
export const BUNDLE_WRAPPER: { readonly banner: string; readonly footer: string };
/** Rewrites the bundle `file` so that it is pure ASCII (see bundle.mjs). */
export function makeAscii(file: string): void;
/** esbuild `define` and banner line for CommonJS code that reads `import.meta.url` (see bundle.mjs). */
export const OWN_URL: { readonly define: Readonly<Record<string, string>>; readonly banner: string };
/** esbuild options for an app's loader, a CommonJS script (see bundle.mjs). */
export const LOADER_OPTIONS: {
  readonly format: 'cjs';
  readonly define: Readonly<Record<string, string>>;
  readonly banner: { readonly js: string };
};
/** Makes the `.js` files of `dir` CommonJS in an ES module app (see bundle.mjs). */
export function markCommonJs(dir: string): void;
