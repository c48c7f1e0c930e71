import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FINDING_CODES, type Finding, SEVERITIES } from "../../src/checks/types";
import { renderMessage, TELEGRAM_LIMIT, truncate } from "../../src/escalation/message";
import type { TimelineEntry } from "../../src/escalation/types";
import { incident, LINKS, NOW, OPENED, telegramHtmlProblems } from "./fixtures";

const NASTY = `<script>alert("x")</script> & "quotes" 'single' <b>bold</b> &amp; 🔥🚨 Сервис упал — ошибка`;
const LOG_EXCERPT = `Traceback (most recent call last): <module> & ${"x".repeat(10)}\n`
  .repeat(200)
  .slice(0, 10_000);

function hostile(n: number, text: string): { findings: Finding[]; timeline: TimelineEntry[] } {
  const findings = Array.from(
    { length: n },
    (_, i): Finding => ({
      code: FINDING_CODES[i % FINDING_CODES.length] ?? "health_down",
      severity: SEVERITIES[i % 3] ?? "P1",
      check: "agent",
      subject: text,
      value: i,
      threshold: 1,
      reason: text,
    }),
  );
  const timeline = Array.from(
    { length: n },
    (_, i): TimelineEntry => ({
      at: OPENED + i * 1000,
      kind: "note",
      by: text,
      text: `${i}: ${text}`,
    }),
  );
  return { findings, timeline };
}

describe("Telegram HTML stays valid and short whatever goes in", () => {
  it.each([
    ["special characters, emoji and Cyrillic", NASTY, 3],
    ["a 10,000-character log excerpt", LOG_EXCERPT, 2],
    ["thirty findings and notes of ampersands", "&".repeat(600), 30],
    ["angle brackets everywhere", "<>".repeat(3000), 10],
  ])("%s", (_name, text, n) => {
    const { findings, timeline } = hostile(n, text);
    const view = incident({ serviceName: text, acknowledgedBy: text, findings, timeline });
    for (const locale of ["ru", "en"] as const) {
      const r = renderMessage({ kind: "page", view, links: LINKS, locale, now: NOW });
      expect(r.telegramHtml.length).toBeLessThanOrEqual(TELEGRAM_LIMIT);
      expect(telegramHtmlProblems(r.telegramHtml)).toEqual([]);
      // The injected markup is shown as text, not interpreted.
      expect(r.telegramHtml).not.toContain("<script>");
      expect(r.html).not.toContain("<script>");
      expect(r.html).not.toContain("<b>bold</b>");
    }
  });

  it("keeps the page useful when shortened: headline, severity and the most severe symptom survive", () => {
    const { findings, timeline } = hostile(30, LOG_EXCERPT);
    const r = renderMessage({ kind: "page", view: incident({ findings, timeline }), links: LINKS, now: NOW });
    expect(r.telegramHtml).toContain("AI Calendar Assistant");
    expect(r.telegramHtml).toContain("[P1]");
    expect(r.telegramHtml).toContain("…");
    // Shortened before escaping: every entity is whole.
    expect(r.telegramHtml).not.toMatch(/&(?:l|g|a|am|q)?…/);
  });

  it("drops the oldest timeline entries first", () => {
    const timeline: TimelineEntry[] = Array.from({ length: 80 }, (_, i) => ({
      at: OPENED + i * 60_000,
      kind: "note",
      by: "alice",
      text: `note number ${i} ${"detail ".repeat(30)}`,
    }));
    const r = renderMessage({
      kind: "reminder",
      view: incident({ timeline }),
      links: LINKS,
      now: NOW + 3_600_000,
    });
    expect(r.telegramHtml.length).toBeLessThanOrEqual(TELEGRAM_LIMIT);
    expect(r.telegramHtml).toContain("note number 79");
    expect(r.telegramHtml).not.toContain("note number 0 ");
    expect(r.model.actions.length).toBe(81);
  });

  it("holds for arbitrary strings (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 3000, unit: "binary" }),
        fc.integer({ min: 0, max: 25 }),
        (text, n) => {
          const { findings, timeline } = hostile(n, text);
          const r = renderMessage({
            kind: "escalation",
            view: incident({ serviceName: text || "x", findings, timeline }),
            level: "L2",
            links: LINKS,
            now: NOW,
          });
          return r.telegramHtml.length <= TELEGRAM_LIMIT && telegramHtmlProblems(r.telegramHtml).length === 0;
        },
      ),
      { numRuns: 150 },
    );
  });

  it("the HTML checker itself rejects what Telegram rejects", () => {
    expect(telegramHtmlProblems("<b>ok</b> <i>x</i> <pre>a &amp; b &lt;</pre>")).toEqual([]);
    for (const bad of ["<b>x</i>", "a & b", "<script>x</script>", "<b>open", "1 < 2", '<b class="x">y</b>']) {
      expect(telegramHtmlProblems(bad), bad).not.toEqual([]);
    }
  });

  it("never splits an emoji when truncating", () => {
    const s = truncate("ab🔥🔥🔥", 4);
    expect(s).toBe("ab…");
    expect(truncate("ab🔥cd", 5)).toBe("ab🔥…");
  });
});
