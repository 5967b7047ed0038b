/**
 * True for the error a query ends with when another process held the database locked for longer
 * than the busy timeout (5 s): Prisma's P1008 with SQLite's SQLITE_BUSY underneath.
 */
export function isDatabaseBusy(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, meta, message } = error as { code?: unknown; meta?: unknown; message?: unknown };
  const original = (meta as { driverAdapterError?: { cause?: { originalCode?: unknown } } } | undefined)
    ?.driverAdapterError?.cause?.originalCode;
  return original === 'SQLITE_BUSY' || (code === 'P1008' && /locked|busy/i.test(String(message))) || /SQLITE_BUSY/.test(String(message));
}
