import { describe, expect, it } from "vitest";
import type { AgentReportInput } from "../../src/checks/agent-report";
import type { Finding, ProbeResult } from "../../src/checks/types";
import { renderDailyReport, TELEGRAM_LIMIT } from "../../src/escalation/message";
import { incident, NOW, OPENED, telegramHtmlProblems } from "./fixtures";

const report: AgentReportInput = {
  schema: 1,
  collectedAt: new Date(NOW).toISOString(),
  containers: [
    { name: "telegram-bot", state: "running", restartCount: 0 },
    { name: "calendar-redis", state: "exited", restartCount: 3, exitCode: 1 },
    { name: "radicale-calendar", state: "running", restartCount: 0 },
  ],
  disks: [{ mount: "/", usedPercent: 91 }],
  memory: { usedPercent: 40 },
  logs: { errorCount24h: 12, databaseLocked24h: 0 },
  backup: { file: "20260111_030000.tar.gz", ageHours: 6.5, sizeBytes: 52_000 },
  redis: { pong: false, reason: "connection refused" },
  radicale: { ok: true, status: 200 },
  monitoring: { prometheus: { ok: true }, grafana: { ok: false, reason: "connection refused" } },
};

const findings: Finding[] = [
  { code: "dependency_container_down", severity: "P2", check: "agent", subject: "calendar-redis" },
  { code: "redis_down", severity: "P2", check: "agent" },
  { code: "disk_high", severity: "P3", check: "agent", subject: "/", value: 91, threshold: 90 },
  { code: "monitoring_down", severity: "P3", check: "agent", subject: "grafana" },
];

const probe = (serviceId: string, f: Finding[] = findings): ProbeResult => ({
  serviceId,
  at: NOW,
  health: { ok: true, latencyMs: 120, version: "1.4.2", status: 200 },
  agent: { ok: true, latencyMs: 80, report },
  findings: f,
});

describe("daily report", () => {
  it.each(["ru", "en"] as const)(
    "lists the runbook's daily checklist, incidents, breaches and P4 items (%s)",
    (locale) => {
      const r = renderDailyReport(
        {
          services: [
            {
              name: "AI Calendar Assistant",
              lastProbe: probe("ai-calendar"),
              openIncident: incident({ severity: "P2", findings }),
            },
            { name: "Never probed" },
          ],
          p4: {
            "AI Calendar Assistant": [
              { code: "version_changed", severity: "P4", check: "health", subject: "1.4.1 → 1.4.2" },
            ],
          },
          slaBreaches: [
            {
              serviceName: "AI Calendar Assistant",
              incidentId: "ai-calendar:1",
              severity: "P2",
              breach: { kind: "respond", at: OPENED + 15 * 60_000 },
            },
          ],
          date: NOW,
        },
        locale,
      );
      for (const out of [r.telegramHtml, r.text, r.html]) {
        expect(out).toContain("2026-01-11");
        expect(out).toContain("calendar-redis exited");
        expect(out).toContain("/ 91%");
        expect(out).toContain("12");
        expect(out).toContain("20260111_030000.tar.gz");
        expect(out).toContain("connection refused");
        expect(out).toContain("grafana DOWN");
        expect(out).toContain("1.4.1 → 1.4.2");
        expect(out).toContain("ai-calendar:1");
        expect(out).toContain("10:45 UTC");
        expect(out).toContain(locale === "ru" ? "нет данных проверки" : "no probe data");
      }
      expect(r.telegramHtml).toContain("❌");
      expect(r.telegramHtml).toContain("⚠️");
      expect(telegramHtmlProblems(r.telegramHtml)).toEqual([]);
    },
  );

  it("issue 17 item 3: 1,000 services go out over several messages under 4096 characters, grouped by state", () => {
    const services = Array.from({ length: 1_000 }, (_, i) => ({
      name: `service-<${i}>&`,
      lastProbe: probe(`s${i}`, i % 100 === 50 ? findings : []),
      ...(i === 700 ? { openIncident: incident() } : {}),
    }));
    const r = renderDailyReport({ services, p4: {}, slaBreaches: [], date: NOW }, "en");
    const pages = r.telegramPages ?? [];
    expect(pages.length).toBeGreaterThan(1);
    expect(r.telegramHtml).toBe(pages[0]);
    for (const [i, page] of pages.entries()) {
      expect(page.length).toBeLessThanOrEqual(TELEGRAM_LIMIT);
      expect(telegramHtmlProblems(page)).toEqual([]);
      expect(page).toContain(`(${i + 1}/${pages.length})`);
    }
    const all = pages.join("\n");
    // Every service is named once (the one with an incident also under open incidents), the open incident first, then those needing attention, then the rest.
    for (let i = 0; i < 1_000; i++)
      expect(all.split(`service-&lt;${i}&gt;&amp;`).length - 1, `service ${i}`).toBe(i === 700 ? 2 : 1);
    const order = ["With an open incident: 1", "Need attention: 10", "Without findings: 989"].map((h) =>
      all.indexOf(h),
    );
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(all.indexOf("service-&lt;700&gt;&amp;")).toBeLessThan(all.indexOf("service-&lt;50&gt;&amp;"));
    // Email has room for everything, in one message.
    expect(r.text).toContain("service-<999>&");
  });

  it("a report that fits one message stays one message", () => {
    const services = Array.from({ length: 3 }, (_, i) => ({
      name: `svc ${i}`,
      lastProbe: probe(`s${i}`, []),
    }));
    const r = renderDailyReport({ services, p4: {}, slaBreaches: [], date: NOW }, "en");
    expect(r.telegramPages).toBeUndefined();
    expect(r.telegramHtml.length).toBeLessThanOrEqual(TELEGRAM_LIMIT);
  });
});
