import type { ServiceSummary } from "../monitor/api";
import { mergeSummaries, type SummaryAggregate, type SummaryEntry } from "../monitor/summary";
import type { CountedSql } from "./counted-sql";

/**
 * The services' summaries as one row of WatchdogState (issue 17 item 5): the tick writes it once
 * (one upsert, one row written however many services), /metrics and /status read it in one call.
 */
export class SummaryStore {
  constructor(private readonly sql: CountedSql) {
    sql.exec("CREATE TABLE IF NOT EXISTS summary (id INTEGER PRIMARY KEY, at INTEGER, body TEXT)");
  }

  /** The aggregate as the last tick left it; undefined before the first tick that carried one. */
  read(): SummaryAggregate | undefined {
    const row = this.sql.exec("SELECT at, body FROM summary WHERE id = 1").toArray()[0];
    if (!row) return undefined;
    // Written only by `record` below, from the tick's typed summaries.
    return { at: Number(row.at), services: JSON.parse(String(row.body)) as SummaryEntry[] };
  }

  /** Folds a tick's summaries into the aggregate; a tick older than the aggregate changes nothing. */
  record(summaries: readonly ServiceSummary[], at: number): void {
    const previous = this.read();
    // A slow tick recorded after a newer one must not pass its older summaries off as newer.
    if (previous && previous.at > at) return;
    const next = mergeSummaries(previous?.services ?? [], summaries, at);
    this.sql.exec(
      "INSERT INTO summary (id, at, body) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at, body = excluded.body",
      next.at,
      JSON.stringify(next.services),
    );
  }
}
