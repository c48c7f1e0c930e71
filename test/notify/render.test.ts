import { describe, expect, expectTypeOf, it } from "vitest";
import { FINDING_CODES, type Finding, SEVERITIES } from "../../src/checks/types";
import type { Config } from "../../src/config/schema";
import {
  escapeHtml,
  LOCALES,
  type Locale,
  RUNBOOK,
  renderMessage,
  runbookIdFor,
  strings,
} from "../../src/escalation/message";
import type { NotifyKind } from "../../src/escalation/types";
import { FINDING_FOR, incident, LINKS, NOW, OPENED, telegramHtmlProblems } from "./fixtures";

const KINDS: NotifyKind[] = [
  "page",
  "escalation",
  "reminder",
  "severity_raised",
  "reopened",
  "acknowledged",
  "resolved",
  "sla_breach",
  "delivery_failed",
  "watchdog_gap",
];

describe("both languages are complete", () => {
  it("the one Locale type is the config's locale enum (src/config spells it separately)", () => {
    // Checked by `npm run typecheck`: it fails to compile when the two lists drift apart.
    expectTypeOf<Locale>().toEqualTypeOf<Config["locale"]>();
  });

  it.each(LOCALES)("%s describes every finding code and names every notify kind", (locale) => {
    const t = strings(locale);
    for (const code of FINDING_CODES) {
      const text = t.finding[code]({
        code,
        severity: "P2",
        check: "agent",
        subject: "x",
        value: 1,
        threshold: 2,
      });
      expect(text.trim().length, code).toBeGreaterThan(3);
    }
    for (const kind of KINDS) expect(t.kind[kind].trim().length, kind).toBeGreaterThan(3);
  });

  it("Russian and English differ for every finding and kind (nothing left untranslated)", () => {
    const f = (code: (typeof FINDING_CODES)[number]): Finding => ({ code, severity: "P2", check: "agent" });
    for (const code of FINDING_CODES)
      expect(strings("ru").finding[code](f(code))).not.toBe(strings("en").finding[code](f(code)));
    for (const kind of KINDS) expect(strings("ru").kind[kind]).not.toBe(strings("en").kind[kind]);
  });
});

describe("incident message", () => {
  const cases = SEVERITIES.flatMap((severity) => LOCALES.map((locale) => ({ severity, locale })));

  it.each(cases)("$severity in $locale carries what a person needs to act", ({ severity, locale }) => {
    const view = incident({ severity });
    const r = renderMessage({ kind: "page", view, level: "L1", links: LINKS, locale, now: NOW });
    const t = strings(locale);
    const symptom = t.finding[FINDING_FOR[severity].code](FINDING_FOR[severity]);
    for (const out of [r.telegramHtml, r.text, r.html]) {
      expect(out).toContain(severity);
      expect(out).toContain("AI Calendar Assistant");
      expect(out).toContain("2026-01-11 10:30 UTC");
      expect(out).toContain(t.label.sla);
      expect(out).toContain(out === r.html ? escapeHtml(symptom) : symptom);
      // The note from the timeline is an action taken.
      expect(out).toContain("restarted telegram-bot, no luck");
    }
    // Respond SLA: opened 10:30, due 10:35, now 10:37 -> breached by 2 minutes.
    expect(r.text).toMatch(
      locale === "ru" ? /Реакция: НАРУШЕНО, срок 10:35 UTC/ : /Respond: BREACHED, due 10:35 UTC/,
    );
    expect(r.text).toContain(LINKS.acknowledge);
    expect(r.text).toContain(LINKS.resolve);
    expect(r.html).toContain(`href="${LINKS.open}"`);
    expect(r.model.links.map((l) => l.action)).toEqual(["acknowledge", "resolve", "open"]);
    const id = runbookIdFor(FINDING_FOR[severity]);
    if (id) {
      const section = RUNBOOK[id];
      expect(r.text).toContain(section.ref);
      expect(r.text).toContain(section.commands[0]);
      expect(r.telegramHtml).toContain("<pre>");
    } else expect(r.model.runbook).toEqual([]);
    expect(telegramHtmlProblems(r.telegramHtml)).toEqual([]);
  });

  it.each([
    ["health_down", "2. P1", "docker logs telegram-bot --tail 50"],
    ["health_and_agent_down", "2. P1", "docker ps -a"],
    ["app_container_down", "2. P1", "docker-compose -f docker-compose.secure.yml restart telegram-bot"],
    ["redis_down", "3.4", "docker exec calendar-redis redis-cli ping"],
    ["radicale_down", "3.5", "docker logs radicale-calendar --tail 20"],
    ["app_restart_loop", "3.7", "docker inspect telegram-bot --format='{{.State.ExitCode}}'"],
    ["memory_high", "3.3", "docker stats --no-stream"],
    ["database_locked", "3.1", "docker exec telegram-bot fuser /app/data/*.db"],
    ["disk_critical", "1.3", "df -h /"],
    ["backup_missing", "4.4", "ls -la /root/backups/calendar/ | tail -5"],
  ] as const)("%s quotes runbook %s with its commands", (code, ref, command) => {
    const f: Finding = { code, severity: "P2", check: "agent" };
    const r = renderMessage({ kind: "page", view: incident({ findings: [f] }), links: LINKS, now: NOW });
    expect(r.model.runbook[0]?.ref).toBe(ref);
    expect(r.text).toContain(command);
    expect(r.telegramHtml).toContain(
      command.replaceAll("&", "&amp;").replaceAll(">", "&gt;").replaceAll("<", "&lt;"),
    );
  });

  it("maps dependency containers to their runbook sections by name", () => {
    const dep = (subject: string): Finding => ({
      code: "dependency_container_down",
      severity: "P2",
      check: "agent",
      subject,
    });
    expect(runbookIdFor(dep("calendar-redis"))).toBe("3.4");
    expect(runbookIdFor(dep("radicale-calendar"))).toBe("3.5");
    expect(runbookIdFor(dep("something-else"))).toBe("p2");
  });

  it("shows every SLA breach and asks for a postmortem once resolved", () => {
    const view = incident({
      status: "resolved",
      acknowledgedAt: OPENED + 10 * 60_000,
      acknowledgedBy: "alice",
      resolvedAt: OPENED + 70 * 60_000,
      resolvedBy: "auto",
      findings: [],
      postmortem: "required",
      slaBreaches: [
        { kind: "respond", at: OPENED + 5 * 60_000 },
        { kind: "resolve", at: OPENED + 60 * 60_000 },
      ],
    });
    const r = renderMessage({
      kind: "resolved",
      view,
      links: LINKS,
      locale: "en",
      now: OPENED + 71 * 60_000,
    });
    expect(r.text).toContain("Recorded breaches: Respond 10:35 UTC, Resolve 11:30 UTC");
    expect(r.text).toContain("A postmortem is required");
    expect(r.text).toContain("[DURATION: 1 h 10 min]");
    expect(r.text).toContain("Resolve: BREACHED, due 11:30 UTC, 10 min late");
    // Nothing left to acknowledge or resolve: only the "open" link remains.
    expect(r.model.links.map((l) => l.action)).toEqual(["open"]);
    expect(r.model.runbook).toEqual([]);
  });

  it("after acknowledgement shows who took it and drops the acknowledge link", () => {
    const view = incident({
      status: "acknowledged",
      acknowledgedAt: OPENED + 3 * 60_000,
      acknowledgedBy: "alice",
    });
    const r = renderMessage({ kind: "acknowledged", view, links: LINKS, locale: "ru", now: NOW });
    expect(r.text).toContain("В работе (alice, 10:33 UTC)");
    expect(r.text).toContain("Реакция: выполнено в 10:33 UTC (за 3 мин)");
    expect(r.model.links.map((l) => l.action)).toEqual(["resolve", "open"]);
  });

  it("an escalation to L2 asks the tech lead to take over", () => {
    const r = renderMessage({
      kind: "escalation",
      view: incident(),
      level: "L2",
      links: LINKS,
      locale: "en",
      now: NOW,
    });
    expect(r.text).toContain("Not acknowledged in time: take over the incident");
    expect(r.subject).toBe("[P1] AI Calendar Assistant: Escalation");
  });

  it("delivery_failed says which level and channel failed and why", () => {
    const failure = {
      level: "L2" as const,
      channel: "email",
      reason: "recipient_gone",
      detail: "HTTP 422: suppressed",
    };
    const r = renderMessage({
      kind: "delivery_failed",
      view: incident(),
      level: "L1",
      failure,
      locale: "en",
      now: NOW,
    });
    expect(r.text).toContain("Not delivered to L2 via email: recipient_gone (HTTP 422: suppressed)");
    expect(r.telegramHtml).toContain("Check the email channel and the L2 contact");
  });

  it("watchdog_gap accepts a plain title and text", () => {
    for (const locale of LOCALES) {
      const r = renderMessage({
        kind: "watchdog_gap",
        view: { title: "no cron tick for 7 min", text: "last tick 2026-01-11 10:23 UTC" },
        locale,
        now: NOW,
      });
      expect(r.telegramHtml).toContain("no cron tick for 7 min");
      expect(r.text).toContain("last tick 2026-01-11 10:23 UTC");
      expect(r.text).toContain("wrangler tail");
      expect(telegramHtmlProblems(r.telegramHtml)).toEqual([]);
    }
  });
});
