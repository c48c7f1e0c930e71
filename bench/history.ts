/**
 * Issue 15's figures: reading 90 days of one service's history (the shipped model in Node, on
 * in-memory rows), and serving the admin status page with its history for 50 services (the
 * real Worker under `wrangler dev`, its Durable Objects' SQLite tables, over loopback).
 */
import { DAY_MS, HistoryBook, MemoryHistoryRows, MINUTE_MS, summaryOf } from "../src/history";
import type { Live } from "./live.ts";
import { percentile } from "./stats.ts";

/** Feeds `book` 90 days of probes a minute apart up to `now`, a P1 hour every ten days. */
function feed(book: HistoryBook, now: number): void {
  for (let t = now - 90 * DAY_MS; t <= now; t += MINUTE_MS) {
    const down = Math.floor((now - t) / DAY_MS) % 10 === 3 && t % DAY_MS < 3_600_000;
    book.observe({
      at: t,
      ...(down ? { incident: "P1" as const } : {}),
      probe: { failed: down, latencyMs: down ? 5000 : 80 + ((t / MINUTE_MS) % 13) * 10 },
    });
  }
}

/** Milliseconds to read one service's 90 days: the summary (windows, bar, latency) and the hourly points. */
export function historyQuery(runs = 30): { p50: number; rows: number } {
  const rows = new MemoryHistoryRows();
  const book = new HistoryBook(rows);
  const now = Date.UTC(2026, 0, 5, 12);
  feed(book, now);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    summaryOf(book, now);
    book.buckets("hour", now - 90 * DAY_MS, now + 1);
    ms.push(performance.now() - start);
  }
  return { p50: percentile(ms, 50), rows: rows.size };
}

/**
 * Milliseconds for `GET /status` (the estate's list from the ticks' summaries: beyond 10
 * services it asks no service object) and for `GET /status/services/:id` (one service's
 * history from its object), `runs` times each.
 */
export async function statusPageLive(
  live: Live,
  serviceId: string,
  runs = 10,
): Promise<{ p50: number; bytes: number; serviceP50: number; serviceBytes: number }> {
  const list = await timedPage(live, "/status", runs, `href="/status/services/${serviceId}"`);
  const one = await timedPage(live, `/status/services/${serviceId}`, runs, '<svg class="bar"');
  return { p50: list.p50, bytes: list.bytes, serviceP50: one.p50, serviceBytes: one.bytes };
}

async function timedPage(
  live: Live,
  path: string,
  runs: number,
  mustContain: string,
): Promise<{ p50: number; bytes: number }> {
  const auth = { Authorization: `Bearer ${live.worker.secrets.ADMIN_TOKEN}` };
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const res = await fetch(`${live.worker.url}${path}`, { headers: auth });
    const body = await res.text();
    ms.push(performance.now() - start);
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    if (!body.includes(mustContain)) throw new Error(`${path} lacks ${mustContain}`);
    bytes = body.length;
  }
  return { p50: percentile(ms, 50), bytes };
}
