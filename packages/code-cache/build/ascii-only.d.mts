/** Rewrites the bundle `file` so that it is pure ASCII (see ascii-only.mjs). */
export function makeAscii(file: string): void;
