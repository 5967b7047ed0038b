import { z } from 'zod';

/** Longest file-system path accepted at the API (Linux PATH_MAX). */
export const MAX_PATH_LENGTH = 4096;

/**
 * An absolute path as a client sends it: no NUL, no `..` segments, bounded. The server still
 * resolves it with realpath and confines it; this only refuses the obviously wrong early.
 */
export const safeAbsolutePathSchema = z
  .string()
  .min(1, 'a path cannot be empty')
  .max(MAX_PATH_LENGTH, `a path is at most ${MAX_PATH_LENGTH} characters`)
  .refine((path) => !path.includes('\0'), 'a path cannot contain NUL')
  .refine((path) => path.startsWith('/'), 'must be an absolute path')
  .refine((path) => !/(^|\/)\.\.(\/|$)/.test(path), 'a path cannot contain ".." segments');
