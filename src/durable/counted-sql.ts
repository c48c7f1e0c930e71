/** A Durable Object's SQL, counting the rows its statements write. */
export interface CountedSql {
  exec: SqlStorage["exec"];
  /** Rows written since this wrapper was made (`setAlarm` is billed apart and not included). */
  readonly rowsWritten: number;
}

/**
 * Wraps `ctx.storage.sql` so every statement's rows written are summed: the cost estimate
 * (src/config/budget.ts) is held to them by test/config/budget-rows.test.ts.
 */
export function countedSql(sql: SqlStorage): CountedSql {
  let written = 0;
  return {
    exec: <T extends Record<string, SqlStorageValue>>(query: string, ...bindings: unknown[]) => {
      const cursor = sql.exec<T>(query, ...bindings);
      written += cursor.rowsWritten;
      return cursor;
    },
    get rowsWritten() {
      return written;
    },
  };
}

/** Adds the columns a table created by an earlier version lacks. */
export function addMissingColumns(sql: SqlStorage, table: string, columns: Record<string, string>): void {
  const have = new Set(
    sql
      .exec(`PRAGMA table_info(${table})`)
      .toArray()
      .map((row) => String(row.name)),
  );
  for (const [name, type] of Object.entries(columns)) {
    if (!have.has(name)) sql.exec(`ALTER TABLE ${table} ADD COLUMN ${name} ${type}`);
  }
}
