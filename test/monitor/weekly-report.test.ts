import { describe, expect, it } from "vitest";
import type { Contact } from "../../src/config/schema";
import type { DeliveryResult, OutgoingMessage } from "../../src/escalation/notify";
import type { IncidentView } from "../../src/escalation/types";
import { DAY_MS, HistoryBook, MemoryHistoryRows, MINUTE_MS, pointOf, STEPS } from "../../src/history";
import { sendWeeklyReport, type WeeklyReportDeps } from "../../src/monitor/weekly-report";
import { testConfig } from "../support/test-config";

// Monday 2026-01-12 06:00 UTC: the week reported is Mon 2026-01-05 to Sun 2026-01-11.
const MONDAY_6 = Date.UTC(2026, 0, 12, 6);
const WEEK = Date.UTC(2026, 0, 5);

function incident(n: number, o: Partial<IncidentView> & { openedAt: number }): IncidentView {
  return {
    id: `calendar-bot:${n}`,
    epoch: 1,
    serviceId: "calendar-bot",
    serviceName: "Calendar bot",
    status: "resolved",
    severity: "P1",
    findings: [],
    paged: ["L1"],
    slaBreaches: [],
    sla: {},
    timeline: [],
    ...o,
  };
}

function deps(opts: { deliver?: boolean; weeklyReport?: object } = {}) {
  const config = testConfig({
    locale: "en",
    escalation: {
      levels: {
        L1: [{ channel: "telegram", chatId: 1 }],
        L2: [
          { channel: "email", to: "l2@example.com" },
          { channel: "telegram", chatId: 2 },
        ],
      },
    },
    notify: { email: { provider: "http", from: "watchdog@example.com", apiBase: "http://127.0.0.1:9/mail" } },
    ...(opts.weeklyReport ? { weeklyReport: opts.weeklyReport } : {}),
  });
  const sent: { msg: OutgoingMessage; contact: Contact }[] = [];
  const claims = new Set<string>();
  const book = new HistoryBook(new MemoryHistoryRows());
  // Watched all week, 5 minutes apart, with a P1 hour on Wednesday.
  const p1 = WEEK + 2 * DAY_MS + 10 * 3_600_000;
  for (let t = WEEK; t < MONDAY_6; t += 5 * MINUTE_MS)
    book.observe({ at: t, ...(t >= p1 && t < p1 + 3_600_000 ? { incident: "P1" as const } : {}) });
  const incidents = [
    incident(1, {
      openedAt: p1,
      acknowledgedAt: p1 + 10 * MINUTE_MS,
      resolvedAt: p1 + 60 * MINUTE_MS,
      sla: { respondBy: p1 + 5 * MINUTE_MS, resolveBy: p1 + 60 * MINUTE_MS },
      slaBreaches: [{ kind: "respond", at: p1 + 5 * MINUTE_MS }],
      postmortem: "required",
    }),
    // The week before: not this week's.
    incident(2, {
      openedAt: WEEK - DAY_MS,
      acknowledgedAt: WEEK - DAY_MS + MINUTE_MS,
      resolvedAt: WEEK - DAY_MS + 2 * MINUTE_MS,
    }),
  ];
  const d: WeeklyReportDeps = {
    config,
    notifiers: {
      email: {
        channel: "email",
        send: async (msg, contact): Promise<DeliveryResult> => {
          sent.push({ msg, contact });
          return opts.deliver === false
            ? {
                ok: false,
                channel: "email",
                retryable: true,
                reason: "network",
                detail: "down",
                recipient: "l2",
              }
            : { ok: true, channel: "email", messageId: `m${sent.length}`, recipient: "l2" };
        },
      },
    },
    count: async () => {},
    claimOnce: async (key) => {
      if (claims.has(key)) return false;
      claims.add(key);
      return true;
    },
    releaseOnce: async (key) => {
      claims.delete(key);
    },
    historyPoints: async (_id, from, to, step) => book.buckets(STEPS[step], from, to).map(pointOf),
    incidents: async () => incidents,
  };
  return { d, sent, claims, config };
}

describe("issue 15 item 6: the weekly SLA report", () => {
  it("issue 15 item 6: Monday 06:00 UTC, by email to L2: uptime, incidents with MTTA/MTTR, breaches, postmortems owed", async () => {
    const { d, sent, config } = deps();
    await sendWeeklyReport(d, MONDAY_6);
    expect(sent).toHaveLength(1);
    const [{ msg, contact }] = sent as [(typeof sent)[number]];
    // By email only: L2's Telegram contact gets nothing.
    expect(contact).toEqual(config.escalation.levels.L2[0]);
    expect(msg).toMatchObject({ kind: "weekly_report", level: "L2", key: "weekly:2026-01-12" });
    expect(msg.subject).toBe("Weekly SLA report 2026-01-05 – 2026-01-11");
    // The calendar week: one hour down of the 7 days watched; nothing probed, so no data by probes.
    expect(msg.text).toContain(`Calendar bot: ${(100 * (1 - 60 / (7 * 24 * 60))).toFixed(3)} %; no data`);
    expect(msg.text).toContain(
      "P1: 1, MTTA 10 min, MTTR 60 min, acknowledged in time 0.000 %, resolved in time 100.000 %",
    );
    expect(msg.text).toContain("calendar-bot:1 P1: respond, 2026-01-07 10:05 UTC");
    expect(msg.text).toContain("calendar-bot:1 P1 Calendar bot (required)");
    expect(msg.text).not.toContain("calendar-bot:2 P1 Calendar bot:");
  });

  it("issue 15 item 6: once a week; another hour, day or a disabled report sends nothing", async () => {
    const { d, sent } = deps();
    await sendWeeklyReport(d, MONDAY_6);
    await sendWeeklyReport(d, MONDAY_6 + 60_000);
    await sendWeeklyReport(d, MONDAY_6 + 3_600_000);
    await sendWeeklyReport(d, MONDAY_6 + DAY_MS);
    expect(sent).toHaveLength(1);
    const off = deps({ weeklyReport: { enabled: false } });
    await sendWeeklyReport(off.d, MONDAY_6);
    expect(off.sent).toHaveLength(0);
    const friday = deps({ weeklyReport: { dayUtc: 5, hourUtc: 16 } });
    await sendWeeklyReport(friday.d, MONDAY_6);
    await sendWeeklyReport(friday.d, Date.UTC(2026, 0, 16, 16));
    expect(friday.sent).toHaveLength(1);
  });

  it("issue 15 item 6: a report nobody got gives its claim back, so the next tick of the hour tries again", async () => {
    const { d, sent, claims } = deps({ deliver: false });
    await sendWeeklyReport(d, MONDAY_6);
    expect(sent).toHaveLength(1);
    expect(claims.size).toBe(0);
    await sendWeeklyReport(d, MONDAY_6 + 60_000);
    expect(sent).toHaveLength(2);
  });
});
