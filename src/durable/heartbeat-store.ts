import type { HeartbeatRecord, HeartbeatStorage } from "../monitor/heartbeats";

/** The service object's heartbeat records, one row each, in its own table beside the store's. */
export class HeartbeatStore implements HeartbeatStorage {
  constructor(private readonly sql: SqlStorage) {
    sql.exec("CREATE TABLE IF NOT EXISTS heartbeats (id TEXT PRIMARY KEY, record TEXT NOT NULL)");
  }

  heartbeat(id: string): HeartbeatRecord | undefined {
    const row = this.sql.exec("SELECT record FROM heartbeats WHERE id = ?", id).toArray()[0];
    return row ? (JSON.parse(String(row.record)) as HeartbeatRecord) : undefined;
  }

  saveHeartbeat(id: string, record: HeartbeatRecord): void {
    this.sql.exec(
      "INSERT INTO heartbeats (id, record) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET record = excluded.record",
      id,
      JSON.stringify(record),
    );
  }
}
