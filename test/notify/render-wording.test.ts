import { describe, expect, it } from "vitest";
import { LOCALES, renderMessage } from "../../src/escalation/message";
import type { TimelineEntry } from "../../src/escalation/types";
import { incident, LINKS, NOW, OPENED } from "./fixtures";

const MIN = 60_000;

/** What the core writes on the timeline of an escalated P1 (texts from src/escalation/core). */
const TIMELINE: TimelineEntry[] = [
  { at: OPENED, kind: "opened", by: "watchdog", text: "Incident opened: P1, 1 confirmed finding(s)" },
  { at: OPENED + MIN, kind: "severity_raised", by: "watchdog", text: "Severity raised P2 → P1" },
  { at: OPENED + 2 * MIN, kind: "escalated", by: "watchdog", text: "Escalated to L2 (unacknowledged), P1" },
  { at: OPENED + 3 * MIN, kind: "note", by: "alice (L1)", text: "Escalated to the vendor" },
  { at: OPENED + 4 * MIN, kind: "acknowledged", by: "bob (L2)", text: "Acknowledged" },
];

function rendered(locale: (typeof LOCALES)[number]) {
  const view = incident({ status: "acknowledged", timeline: TIMELINE, acknowledgedBy: "bob (L2)" });
  const r = renderMessage({ kind: "escalation", view, level: "L2", links: LINKS, now: NOW, locale });
  return [r.telegramHtml, r.text, r.html];
}

describe("message wording", () => {
  it.each(LOCALES)("issue 13 item 13: the runbook heading names its section once (%s)", (locale) => {
    const title = locale === "en" ? "Service completely down" : "Сервис полностью недоступен";
    for (const out of rendered(locale)) {
      expect(out).toMatch(new RegExp(`Runbook 2\\. P1: ${title}`, "i"));
      expect(out).not.toMatch(/P1: P1:/);
    }
  });

  it("issue 13 item 13: an action line says its kind once ('Escalated to L2', not 'Escalated: Escalated to L2')", () => {
    for (const out of rendered("en")) {
      expect(out).toContain("Escalated to L2 (unacknowledged), P1");
      expect(out).not.toMatch(
        /Escalated: Escalated|Severity raised: Severity raised|Acknowledged[^:]*: Acknowledged/,
      );
      expect(out).toContain("Severity raised P2 → P1");
      expect(out).toContain("Acknowledged (bob (L2))");
      // A note is the operator's own words: its label stays even when they open with a kind's name.
      expect(out).toContain("Note (alice (L1)): Escalated to the vendor");
    }
    // Russian labels differ from the timeline's words, so they stay in front of them.
    expect(rendered("ru")[1]).toContain("Эскалация: Escalated to L2 (unacknowledged), P1");
  });
});
