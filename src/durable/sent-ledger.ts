import type { TargetOutcome } from "../escalation/notify";
import type { Action, IncidentView } from "../escalation/types";
import { KEEP_SENT_MS, MAX_ATTEMPTS, retryDelay, STALE_CLAIM_MS } from "../monitor/ledger";
import type { EarlierAttempts, SendOutcome, SendRecord } from "../monitor/ports";
import { addMissingColumns, type CountedSql } from "./counted-sql";

/**
 * The `sent` table: one row per claimed idempotency key, with its action, status, attempts,
 * when it comes due again, how each target fared, and (while a retry may come) the incident
 * as it was rendered. The rules are `src/monitor/ledger.ts`'s, as in the in-memory store.
 */
export class SentLedger {
  /**
   * `sql` is the store's counted SQL, asked for at each statement: a test that wraps the
   * store's `sql` (test/durable/writes.test.ts) sees the ledger's writes too.
   */
  constructor(
    raw: SqlStorage,
    private readonly sql: () => CountedSql,
  ) {
    raw.exec(`CREATE TABLE IF NOT EXISTS sent (key TEXT PRIMARY KEY, at INTEGER NOT NULL, status TEXT NOT NULL,
      attempts INTEGER NOT NULL, action TEXT, next_at INTEGER, targets TEXT, first_at INTEGER, view TEXT)`);
    // Objects created by an earlier version keep their table; add what it lacks.
    addMissingColumns(raw, "sent", {
      action: "TEXT",
      next_at: "INTEGER",
      targets: "TEXT",
      first_at: "INTEGER",
      view: "TEXT",
    });
  }

  /**
   * Claims an idempotency key, with its action, before anything is sent. False when the key
   * was claimed before. Claims are written in the same step as the state that produced them,
   * so a crash can delay an action (it is picked up as a stale claim) but never lose it.
   */
  claimKey(action: Action, now: number): boolean {
    const row = this.sql().exec("SELECT 1 FROM sent WHERE key = ?", action.key).toArray()[0];
    if (row) return false;
    this.sql().exec("DELETE FROM sent WHERE at < ?", now - KEEP_SENT_MS);
    this.sql().exec(
      "INSERT INTO sent (key, at, first_at, status, attempts, action) VALUES (?, ?, ?, 'sending', 1, ?)",
      action.key,
      now,
      now,
      JSON.stringify(action),
    );
    return true;
  }

  /**
   * Records the outcome of a send, in one row write. A send that failed only for reasons that
   * may pass (rate limit, provider outage, network) comes due again after the wait the provider
   * asked for, or with backoff, and keeps the view it rendered; a settled one drops it.
   */
  finishKey(key: string, outcome: SendOutcome, now: number, record: SendRecord = {}): void {
    const row = this.sql().exec("SELECT attempts FROM sent WHERE key = ?", key).toArray()[0];
    const attempts = Number(row?.attempts ?? 1);
    const retry = outcome === "retryable" && attempts < MAX_ATTEMPTS;
    // Only settled targets are kept: a retry sends to the rest.
    const done = record.targets && JSON.stringify([...record.targets].filter(([, o]) => o !== "retry"));
    this.sql().exec(
      // A retry keeps the first attempt's view when this attempt brings none (a sender that threw).
      "UPDATE sent SET status = ?, next_at = ?, targets = COALESCE(?, targets), view = CASE WHEN ? THEN COALESCE(?, view) END WHERE key = ?",
      retry ? "retry" : outcome === "delivered" ? "delivered" : "failed",
      retry ? now + retryDelay(attempts, record.retryAfterMs) : null,
      done ?? null,
      retry ? 1 : 0,
      record.view ? JSON.stringify(record.view) : null,
      key,
    );
  }

  /** What earlier attempts of a step left; undefined for a key never claimed. */
  earlierAttempts(key: string): EarlierAttempts | undefined {
    const row = this.sql()
      .exec("SELECT COALESCE(first_at, at) AS first_at, targets, view FROM sent WHERE key = ?", key)
      .toArray()[0];
    if (!row) return undefined;
    const targets = new Map(
      JSON.parse(typeof row.targets === "string" ? row.targets : "[]") as [string, TargetOutcome][],
    );
    const earlier: EarlierAttempts = { firstAt: Number(row.first_at), targets };
    if (typeof row.view === "string") earlier.view = JSON.parse(row.view) as IncidentView;
    return earlier;
  }

  /**
   * Actions to send again now: retries that are due, and claims left "sending" by a crash.
   * Each is claimed again (status "sending", one more attempt). `busy` keys are being sent
   * by this instance right now, however long that takes, and are left alone.
   */
  claimDueRetries(now: number, busy: ReadonlySet<string> = new Set()): Action[] {
    const rows = this.sql()
      .exec(
        `SELECT key, action FROM sent
         WHERE (status = 'retry' AND next_at <= ?) OR (status = 'sending' AND at <= ? AND attempts < ?)
         ORDER BY at`,
        now,
        now - STALE_CLAIM_MS,
        MAX_ATTEMPTS,
      )
      .toArray()
      .filter((row) => !busy.has(String(row.key)));
    for (const row of rows) {
      this.sql().exec(
        "UPDATE sent SET status = 'sending', at = ?, attempts = attempts + 1 WHERE key = ?",
        now,
        row.key,
      );
    }
    return rows.map((row) => JSON.parse(String(row.action)) as Action);
  }

  /** When the earliest retry or stale claim comes due; `busy` keys are in flight, not stale. */
  nextRetryAt(busy: ReadonlySet<string> = new Set()): number | undefined {
    const times = this.sql()
      .exec(
        `SELECT key, CASE WHEN status = 'retry' THEN next_at ELSE at + ? END AS at FROM sent
         WHERE status = 'retry' OR (status = 'sending' AND attempts < ?)`,
        STALE_CLAIM_MS,
        MAX_ATTEMPTS,
      )
      .toArray()
      .filter((row) => !busy.has(String(row.key)))
      .map((row) => Number(row.at));
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  /** How many times each key was claimed (tests assert nothing is sent twice). */
  sentKeys(): { key: string; status: string; attempts: number }[] {
    return this.sql()
      .exec("SELECT key, status, attempts FROM sent ORDER BY at, key")
      .toArray()
      .map((r) => ({ key: String(r.key), status: String(r.status), attempts: Number(r.attempts) }));
  }
}
