import pkg from '../package.json' with { type: 'json' };

/** The daemon's version, reported by health and `--version`. */
export const VERSION: string = pkg.version;
