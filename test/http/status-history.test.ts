import { describe, expect, it } from "vitest";
import { DAY_MS } from "../../src/history";
import { ADMIN } from "./fakes";
import { historyHarness, TODAY } from "./history-fixture";

const auth = { headers: { Authorization: `Bearer ${ADMIN}` } };
const count = (text: string, needle: RegExp) => (text.match(needle) ?? []).length;

describe("issue 15 item 4: the admin status page shows history", () => {
  it("issue 15 item 4: a 90-day bar per service, one patterned cell per day with its figures on hover", async () => {
    const res = await historyHarness().app.request("/status", auth);
    expect(res.status).toBe(200);
    const page = await res.text();
    const bot = page.slice(page.indexOf('data-service="calendar-bot"'));
    const bar = bot.slice(bot.indexOf('<svg class="bar"'), bot.indexOf("</svg>"));
    expect(count(bar, /<rect class="day /g)).toBe(90);
    // 80 days before the service was watched read "no data", not 100 %.
    expect(count(bar, /class="day none"/g)).toBe(80);
    expect(count(bar, /class="day P1" [^>]*fill="url\(#h-P1\)"/g)).toBe(1);
    expect(count(bar, /class="day P2" [^>]*fill="url\(#h-P2\)"/g)).toBe(1);
    const p1Day = new Date(TODAY - 3 * DAY_MS).toISOString().slice(0, 10);
    expect(bar).toContain(
      `<title>${p1Day}: 95.833 % by P1/P2 incidents, 95.833 % by probes; 288 probes, 12 failed`,
    );
    expect(bar).toContain(`P1 — outage</title>`);
    // Readable without colour: the legend names each pattern.
    expect(page).toMatch(/<pattern id="h-P1"/);
    expect(page).toContain("P2 — failure");
    expect(page).toContain("no data");
  });

  it("issue 15 item 4: uptime windows, the 48-hour latency chart, the SLA table and the incident timeline", async () => {
    const page = await (await historyHarness().app.request("/status", auth)).text();
    expect(page).toMatch(/<svg class="latency"[\s\S]*<polyline class="p50"[\s\S]*<polyline class="p95"/);
    expect(page).toContain('<table class="uptime">');
    expect(page).toMatch(
      /<table class="sla">[\s\S]*<td class="P1">P1<\/td><td>1<\/td><td>12 min<\/td><td>1 h 0 min<\/td><td>0\.000 %<\/td><td>100\.000 %<\/td>/,
    );
    expect(page).toMatch(
      /<ul class="breaches"><li><span class="P1">P1<\/span> <a href="\/status\/incidents\/calendar-bot%3A1">calendar-bot:1<\/a>: respond/,
    );
    expect(page).toMatch(
      /<svg class="timeline"[\s\S]*<rect class="incident P2"[\s\S]*<rect class="incident P1"/,
    );
    // No script anywhere; the CSP stays script-free.
    expect(page).not.toMatch(/<script/i);
  });

  it("issue 15 item 4: the history reads in Russian too", async () => {
    const page = await (await historyHarness("ru").app.request("/status", auth)).text();
    expect(page).toContain("Доступность за 90 дней");
    expect(page).toContain("Время ответа за 48 часов");
    expect(page).toContain("нет данных");
    expect(page).toContain("P1 — авария");
  });
});
