// Reads the daemon's audit log and inserts insights straight into its database file.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export interface AuditRow {
  userId: string | null;
  tokenId: string | null;
  tokenKind: string | null;
  action: string;
  target: string | null;
  outcome: string;
  detail: Record<string, unknown>;
}

/** Every audit row, oldest first (optionally one action only). */
export function auditRows(home: string, action?: string): AuditRow[] {
  const db = new Database(join(home, 'sqlite.db'), { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT "userId", "tokenId", "tokenKind", action, target, outcome, detail FROM audit_logs ${action ? 'WHERE action = ?' : ''} ORDER BY "createdAt", rowid`,
      )
      .all(...(action ? [action] : [])) as Array<Omit<AuditRow, 'detail'> & { detail: string }>;
    return rows.map((row) => ({
      ...row,
      detail: JSON.parse(row.detail) as Record<string, unknown>,
    }));
  } finally {
    db.close();
  }
}

/** The raw text of the audit table, to check that no token ever reached it. */
export function auditText(home: string): string {
  return JSON.stringify(auditRows(home));
}

/** Inserts an insight row (the monitor makes them on its own schedule; tests need them now). */
export function addInsight(
  home: string,
  opts: {
    userId: string;
    orchestratorId: string;
    sessionId: string | null;
    type: string;
    severity: string;
    message?: string;
  },
): string {
  const id = `i${randomBytes(12).toString('hex')}`;
  const db = new Database(join(home, 'sqlite.db'));
  try {
    db.prepare(
      'INSERT INTO insights (id, "userId", "orchestratorId", "sessionId", type, severity, message, data, "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(
      id,
      opts.userId,
      opts.orchestratorId,
      opts.sessionId,
      opts.type,
      opts.severity,
      opts.message ?? opts.type,
      '{}',
      new Date().toISOString(),
    );
    return id;
  } finally {
    db.close();
  }
}
