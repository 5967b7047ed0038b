import { z } from 'zod';

/** Database ids are cuids; anything else is refused before a query runs. */
export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'ids contain only letters, digits, "_" and "-"');

/** Human names (sessions, folders, tokens): printable, no control characters, bounded. */
export const nameSchema = z
  .string()
  .trim()
  .min(1, 'a name cannot be empty')
  .max(100, 'a name is at most 100 characters')
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'a name cannot contain control characters');
