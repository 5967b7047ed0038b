import type { Plugin } from 'esbuild';

/** esbuild's banner and footer for a bundle that runBundle runs (see bundle.mjs). */
export const BUNDLE_WRAPPER: { readonly banner: string; readonly footer: string };
/** Rewrites the bundle `file` so that it is pure ASCII (see bundle.mjs). */
export function makeAscii(file: string): void;
/** esbuild banner and plugin: a loader ES module takes Node's built-ins through require() (see bundle.mjs). */
export const BUILTINS_BY_REQUIRE: { readonly banner: string; readonly plugin: Plugin };
