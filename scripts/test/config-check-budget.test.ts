import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configCheck } from "./config-check-run";

/** Two services at 60 s with a given plan and traffic, as a WATCHDOG_CONFIG override. */
function config(plan: "free" | "paid", traffic: Record<string, unknown>) {
  return {
    plan,
    publicUrl: "https://watchdog.example.com",
    services: ["a", "b"].map((id) => ({
      id,
      name: `Service ${id}`,
      healthUrl: `https://${id}.example.com/health`,
      probeEvery: "60s",
    })),
    escalation: { levels: { L1: [{ channel: "telegram", chatId: "-100123" }] } },
    traffic,
  };
}

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "config-check-budget-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function check(name: string, raw: unknown) {
  const file = join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(raw));
  return configCheck(file);
}

/** The spaces between figures do not matter, their order does. */
const row = (...cells: string[]) => new RegExp(cells.map((c) => c.replace(/[$.()]/g, "\\$&")).join("\\s+"));

describe("issue 17 item 5: config:check's budget", () => {
  it("issue 17 item 5: prints a day and a month against the Free limits, by source, naming the largest cost", async () => {
    const { code, out } = await check("free", config("free", { scrapeEvery: "1s" }));
    expect(code, out).toBe(0);
    // 1,440 crons + 86,400 scrapes + 20 views; × 30 a month.
    expect(out).toMatch(
      row("Worker requests", "87,860", "2,635,800", "88 % of the 100,000 a day Free allows"),
    );
    // 86,400 scrapes + 2 × 1,440 supervisions + 2 × 1,440 state calls + 63 for the report + 20 × 10.
    expect(out).toMatch(row("Durable Object requests", "92,423", "2,772,690", "92 %"));
    expect(out).toMatch(row("SQLite rows written", "\\d[\\d,]*", "\\d[\\d,]*", "\\d+ %"));
    expect(out).toContain(
      "Traffic counted (traffic in the config): /metrics every 1s (86,400 scrapes a day), 20 status views a day",
    );
    expect(out).toMatch(row("scrapes", "86,400", "86,400", "0"));
    expect(out).toMatch(row("status views", "20", "200", "0"));
    expect(out).toContain("Largest: Durable Object requests by scrapes (93 %)");
  }, 90_000);

  it("issue 17 item 5: on Paid, the included amounts a month and the cost beyond the $5 minimum", async () => {
    const { code, out } = await check("paid", config("paid", { scrapeEvery: "1s" }));
    expect(code, out).toBe(0);
    expect(out).toMatch(
      row("Durable Object requests", "92,423", "2,772,690", "277 % of the 1,000,000 a month Paid includes"),
    );
    // (2,772,690 − 1,000,000) × $0.15 a million = $0.27.
    expect(out).toContain(
      "Beyond the $5 monthly minimum: about $0.27 a month (Durable Object requests $0.27)",
    );
    expect(out).toContain("Paid in all: about $5.27 a month");
    expect(out).toContain("Largest: Durable Object requests by scrapes (93 %)");
  }, 90_000);

  it("issue 17 item 5: without a scraper, none is counted; a bad traffic field fails naming its path", async () => {
    const off = await check("off", config("free", { scrapeEvery: "off", statusViewsPerDay: 0 }));
    expect(off.code, off.out).toBe(0);
    expect(off.out).toContain("no /metrics scraper, 0 status views a day");
    expect(off.out).toMatch(row("Worker requests", "1,440", "43,200"));
    const bad = await check("bad", config("free", { scrapeEvery: "often" }));
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('traffic.scrapeEvery: not a scrape interval: "often"');
  }, 90_000);
});
