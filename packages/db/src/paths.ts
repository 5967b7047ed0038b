import { fileURLToPath } from 'node:url';

/**
 * `prisma/migrations` at the repository root, found from this file's location. For development
 * and tests only: a bundled daemon must pass the folder it ships (import.meta.url then points
 * at the bundle, not at this file).
 */
export function defaultMigrationsDir(): string {
  return fileURLToPath(new URL('../../../prisma/migrations', import.meta.url));
}
