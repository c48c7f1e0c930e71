import { describe, expect, it } from "vitest";
import type { Severity } from "../../src/checks/types";
import type { IncidentView } from "../../src/escalation/types";
import {
  DAY_MS,
  HistoryBook,
  HOUR_MS,
  KEEP,
  MemoryHistoryRows,
  MINUTE_MS,
  slaOf,
  summaryOf,
  uptimeOf,
  windowUptime,
} from "../../src/history";

// A service watched from Tuesday 2026-01-20 00:00 UTC for 90 days (to 2026-04-19 23:55), probed
// every 5 minutes: compressed from the usual 10–60 s, still within MAX_GAP_MS, so all of it is
// watched time. Its incidents cross a UTC midnight and a month end (Mar 1 → Mar 2), and
// Mar 31 → Apr 1; boundaries fall on the probe grid so the figures below are exact.
const START = Date.UTC(2026, 0, 20);
const STEP = 5 * MINUTE_MS;
const NOW = START + 90 * DAY_MS - STEP;
const at = (month: number, day: number, h: number, m = 0) => Date.UTC(2026, month - 1, day, h, m);

interface Spell {
  id: string;
  severity: Severity;
  from: number;
  to: number;
}
const SPELLS: Spell[] = [
  { id: "p1a", severity: "P1", from: at(1, 30, 10), to: at(1, 30, 11) },
  { id: "p2", severity: "P2", from: at(3, 1, 23, 30), to: at(3, 2, 0, 30) },
  { id: "p3", severity: "P3", from: at(3, 31, 23, 50), to: at(4, 1, 0, 10) },
  { id: "p1b", severity: "P1", from: at(4, 19, 8), to: at(4, 19, 10) },
];

function spellAt(t: number): Spell | undefined {
  return SPELLS.find((s) => s.from <= t && t < s.to);
}

/** Feeds the book one probe every STEP from `from` to `to` inclusive; P1 probes fail at 900 ms, others pass at 100 ms. */
function feed(book: HistoryBook, from: number, to: number, step = STEP): void {
  for (let t = from; t <= to; t += step) {
    const spell = spellAt(t);
    const failed = spell?.severity === "P1";
    book.observe({
      at: t,
      ...(spell ? { incident: spell.severity } : {}),
      probe: { failed, latencyMs: failed ? 900 : 100 },
    });
  }
}

function ninetyDays(): { book: HistoryBook; rows: MemoryHistoryRows } {
  const rows = new MemoryHistoryRows();
  const book = new HistoryBook(rows);
  feed(book, START, NOW);
  return { book, rows };
}

const pct = (up: number, of: number) => (100 * up) / of;

describe("issue 15 item 1: the history model", () => {
  it("issue 15 item 1: uptime over 24 h, 7 d, 30 d and 90 d matches the hand-computed table, both ways", () => {
    const { book } = ninetyDays();
    // Window | watched from            | watched min | down min | probes | failed
    // 24 h   | Apr 18 23:55 (minutes)  | 1440        | 120      | 289    | 24
    // 7 d    | Apr 12 23:00 (hours)    | 10080 + 55  | 120      | 2028   | 24
    // 30 d   | Mar 20 23:00 (hours)    | 43200 + 55  | 120      | 8652   | 24
    // 90 d   | Jan 20 00:00 (the start)| 129600 - 5  | 240      | 25920  | 36
    expect(windowUptime(book, "24h", NOW)).toEqual({ byIncidents: pct(1320, 1440), byProbes: pct(265, 289) });
    expect(windowUptime(book, "7d", NOW)).toEqual({
      byIncidents: pct(10015, 10135),
      byProbes: pct(2004, 2028),
    });
    expect(windowUptime(book, "30d", NOW)).toEqual({
      byIncidents: pct(43135, 43255),
      byProbes: pct(8628, 8652),
    });
    expect(windowUptime(book, "90d", NOW)).toEqual({
      byIncidents: pct(129355, 129595),
      byProbes: pct(25884, 25920),
    });
  });

  it("issue 15 item 1: day buckets roll over at UTC midnight and across month ends", () => {
    const { book } = ninetyDays();
    const day = (month: number, d: number) => {
      const b = book.buckets("day", at(month, d, 0), at(month, d, 0) + DAY_MS)[0];
      if (!b) throw new Error(`no bucket for ${month}/${d}`);
      return b;
    };
    // Mar 1 23:30 → Mar 2 00:30: half an hour down on each side of midnight.
    expect(day(3, 1)).toMatchObject({ observedMs: DAY_MS, downMs: 30 * MINUTE_MS, worst: "P2", probes: 288 });
    expect(day(3, 2)).toMatchObject({ observedMs: DAY_MS, downMs: 30 * MINUTE_MS, worst: "P2", probes: 288 });
    // Feb 28 → Mar 1 and Mar 31 → Apr 1: each day whole, the P3 on both sides of the month end.
    expect(day(2, 28)).toMatchObject({ observedMs: DAY_MS, downMs: 0, probes: 288 });
    expect(day(2, 28).worst).toBeUndefined();
    expect(day(3, 31)).toMatchObject({ downMs: 0, worst: "P3" });
    expect(day(4, 1)).toMatchObject({ downMs: 0, worst: "P3" });
    expect(day(1, 30)).toMatchObject({ downMs: HOUR_MS, worst: "P1", failures: 12, maxMs: 900 });
    // The first day starts with the first probe: nothing before it is counted as watched.
    expect(day(1, 20)).toMatchObject({ observedMs: DAY_MS, probes: 288 });
  });

  it("issue 15 item 1: an observation just after midnight splits the span between the two days", () => {
    const rows = new MemoryHistoryRows();
    const book = new HistoryBook(rows);
    const midnight = Date.UTC(2026, 0, 31, 24);
    book.observe({ at: midnight - 2 * MINUTE_MS, incident: "P1" });
    book.observe({ at: midnight + 30_000 });
    book.observe({ at: midnight + 2 * MINUTE_MS });
    const [jan31, feb1] = book.buckets("day", midnight - DAY_MS, midnight + DAY_MS);
    expect(jan31).toMatchObject({
      start: midnight - DAY_MS,
      observedMs: 2 * MINUTE_MS,
      downMs: 2 * MINUTE_MS,
    });
    // The incident seen at 23:58 holds until the next observation, 30 s into Feb 1.
    expect(feb1).toMatchObject({ start: midnight, observedMs: 2 * MINUTE_MS, downMs: 30_000 });
    // Jan 31's day and its last hour are written once Feb 1 began.
    expect(rows.range("day", 0, midnight)).toHaveLength(1);
    expect(rows.range("hour", midnight - HOUR_MS, midnight)).toHaveLength(1);
  });

  it("issue 15 item 1: a service added mid-period shows no data before it existed, not 100 %", () => {
    const { book } = ninetyDays();
    const summary = summaryOf(book, START + 10 * DAY_MS - STEP);
    // 90 cells, the last ten watched; the 80 before the service existed hold nothing.
    expect(summary.days).toHaveLength(90);
    expect(summary.days.filter((d) => d.bucket === undefined)).toHaveLength(80);
    expect(summary.days[79]?.bucket).toBeUndefined();
    expect(summary.days[80]?.start).toBe(START);
    expect(uptimeOf([])).toEqual({ byIncidents: null, byProbes: null });
    const empty = new HistoryBook(new MemoryHistoryRows());
    expect(windowUptime(empty, "90d", NOW)).toEqual({ byIncidents: null, byProbes: null });
  });

  it("issue 15 item 1: storage is bounded: minute and hour rows stop growing once their rings are full", () => {
    const { book, rows } = ninetyDays();
    const counted = () => ({
      minute: rows.range("minute", 0, Number.POSITIVE_INFINITY).length,
      hour: rows.range("hour", 0, Number.POSITIVE_INFINITY).length,
    });
    const after90 = counted();
    expect(after90).toEqual({ minute: KEEP.minute.slots, hour: KEEP.hour.slots - 1 });
    feed(book, NOW + STEP, NOW + 10 * DAY_MS);
    expect(counted()).toEqual({ minute: KEEP.minute.slots, hour: KEEP.hour.slots });
    // A year and more of hourly observations: the day ring holds 400 days, never more.
    const sparse = new MemoryHistoryRows();
    const long = new HistoryBook(sparse);
    for (let t = START; t < START + 420 * DAY_MS; t += HOUR_MS) long.observe({ at: t });
    expect(sparse.range("day", 0, Number.POSITIVE_INFINITY)).toHaveLength(KEEP.day.slots);
    expect(sparse.size).toBeLessThanOrEqual(KEEP.minute.slots + KEEP.hour.slots + KEEP.day.slots);
  });

  it("issue 15 item 1: at most one row per closed minute, never one per probe", () => {
    const rows = new MemoryHistoryRows();
    const book = new HistoryBook(rows);
    // Six probes a minute for an hour: 60 minute rows, the hour's roll-up once the next hour starts.
    for (let t = START; t <= START + HOUR_MS; t += 10_000)
      book.observe({ at: t, probe: { failed: false, latencyMs: 50 } });
    expect(rows.writes).toBe(61);
    expect(book.buckets("minute", START, START + MINUTE_MS)[0]?.probes).toBe(6);
  });

  it("issue 15 item 1: latency per hour: p50/p95 from the sketch, max exact", () => {
    const rows = new MemoryHistoryRows();
    const book = new HistoryBook(rows);
    const samples = [100, 100, 100, 100, 100, 100, 100, 100, 100, 3000];
    for (const [i, ms] of samples.entries())
      book.observe({ at: START + i * MINUTE_MS, probe: { failed: false, latencyMs: ms } });
    const summary = summaryOf(book, START + 10 * MINUTE_MS);
    // 100 ms falls in the bin up to 2^(27/4) ≈ 108 ms; p95 of ten samples is the tenth.
    expect(summary.latency).toEqual([{ start: START, p50: 108, p95: 3000, max: 3000 }]);
  });

  it("issue 15 item 1: after a restart the hour that ended meanwhile is still rolled up; only the minute in progress is lost", () => {
    const rows = new MemoryHistoryRows();
    const evicted = new HistoryBook(rows);
    evicted.observe({ at: START + 58 * MINUTE_MS, probe: { failed: true, latencyMs: 10 } });
    evicted.observe({ at: START + 59 * MINUTE_MS, probe: { failed: false, latencyMs: 10 } });
    const restarted = new HistoryBook(rows);
    restarted.observe({ at: START + 61 * MINUTE_MS, probe: { failed: false, latencyMs: 10 } });
    // Minute 58 was written when 59 began; 59 was in memory only when the object went away.
    expect(rows.range("hour", START, START + HOUR_MS)).toEqual([
      expect.objectContaining({ start: START, probes: 1, failures: 1 }),
    ]);
  });
});

// Four incidents with hand-set times (minutes after opening): acknowledged, resolved, deadlines.
const M = MINUTE_MS;
function view(id: string, severity: Severity, o: Partial<IncidentView> & { openedAt: number }): IncidentView {
  return {
    id,
    epoch: 1,
    serviceId: "app",
    serviceName: "App",
    status:
      o.resolvedAt === undefined ? (o.acknowledgedAt === undefined ? "open" : "acknowledged") : "resolved",
    severity,
    findings: [],
    paged: ["L1"],
    slaBreaches: [],
    sla: {},
    timeline: [],
    ...o,
  };
}
const O = START;
const INCIDENTS: IncidentView[] = [
  // P1: respond 5 min, resolve 60 min.
  view("p1a", "P1", {
    openedAt: O,
    acknowledgedAt: O + 4 * M,
    resolvedAt: O + 60 * M,
    sla: { respondBy: O + 5 * M, resolveBy: O + 60 * M },
  }),
  view("p1b", "P1", {
    openedAt: O + DAY_MS,
    acknowledgedAt: O + DAY_MS + 10 * M,
    resolvedAt: O + DAY_MS + 120 * M,
    sla: { respondBy: O + DAY_MS + 5 * M, resolveBy: O + DAY_MS + 60 * M },
    slaBreaches: [
      { kind: "respond", at: O + DAY_MS + 5 * M },
      { kind: "resolve", at: O + DAY_MS + 60 * M },
    ],
  }),
  // P2: respond 15 min, resolve 4 h; acknowledged late.
  view("p2", "P2", {
    openedAt: O + 2 * DAY_MS,
    acknowledgedAt: O + 2 * DAY_MS + 20 * M,
    resolvedAt: O + 2 * DAY_MS + 60 * M,
    sla: { respondBy: O + 2 * DAY_MS + 15 * M, resolveBy: O + 2 * DAY_MS + 240 * M },
    slaBreaches: [{ kind: "respond", at: O + 2 * DAY_MS + 15 * M }],
  }),
  // P2 still open, its respond deadline passed before the core recorded it: a breach all the same.
  view("p2open", "P2", {
    openedAt: O + 3 * DAY_MS,
    sla: { respondBy: O + 3 * DAY_MS + 15 * M, resolveBy: O + 3 * DAY_MS + 240 * M },
  }),
];

describe("issue 15 item 1: incidents, MTTA/MTTR and SLA against the frozen policy", () => {
  it("issue 15 item 1: MTTA, MTTR, compliance and breaches match the hand-computed table", () => {
    const sla = slaOf(INCIDENTS, O, O + 30 * DAY_MS, O + 3 * DAY_MS + 20 * M);
    // P1: MTTA (4 + 10) / 2 = 7 min; MTTR (60 + 120) / 2 = 90 min; one of two met each deadline.
    expect(sla.bySeverity.P1).toEqual({
      incidents: 2,
      mttaMs: 7 * M,
      mttrMs: 90 * M,
      respondCompliance: 50,
      resolveCompliance: 50,
    });
    // P2: one acknowledged at 20 min (late), resolved at 60; the open one breached respond and
    // its resolve deadline is still running (not counted either way).
    expect(sla.bySeverity.P2).toEqual({
      incidents: 2,
      mttaMs: 20 * M,
      mttrMs: 60 * M,
      respondCompliance: 0,
      resolveCompliance: 100,
    });
    expect(sla.bySeverity.P3).toEqual({
      incidents: 0,
      mttaMs: null,
      mttrMs: null,
      respondCompliance: null,
      resolveCompliance: null,
    });
    expect(sla.breaches.map((b) => `${b.incidentId}:${b.kind}`)).toEqual([
      "p1b:respond",
      "p1b:resolve",
      "p2:respond",
      "p2open:respond",
    ]);
    // Only incidents opened in the period count.
    expect(slaOf(INCIDENTS, O + DAY_MS, O + 2 * DAY_MS, O + 5 * DAY_MS).bySeverity.P1.incidents).toBe(1);
  });
});
