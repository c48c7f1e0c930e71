import { mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { agentReport } from "../../src/checks/agent-report.ts";
import { loadAgentConfig } from "../src/config.ts";
import { type Collectors, collectReport, createCollectors } from "../src/report.ts";
import { fakeServer, fixture, inspectFixture } from "./support.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "agent-report-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const NOW = Date.parse("2026-01-11T09:00:00Z");
const now = () => NOW;
const refused = async (): Promise<Response> => {
  throw new TypeError("fetch failed", {
    cause: Object.assign(new Error("connect"), { code: "ECONNREFUSED" }),
  });
};

function config(extra: Record<string, string> = {}) {
  return loadAgentConfig({ AGENT_HMAC_SECRET: "0123456789abcdef", AGENT_BACKUP_DIR: dir, ...extra });
}

describe("collectReport", () => {
  it("builds a full report from the captured outputs that passes the shared schema", async () => {
    const archive = join(dir, "20260111_030000.tar.gz");
    await writeFile(archive, Buffer.alloc(2048));
    await utimes(archive, new Date(NOW - 6 * 3_600_000), new Date(NOW - 6 * 3_600_000));
    const run = fakeServer([...inspectFixture().values()]);
    const collectors = createCollectors(config({ AGENT_PROMETHEUS_URL: "http://127.0.0.1:1" }), {
      run,
      fetch: refused,
      now,
      readText: async () => fixture("meminfo.txt"),
    });
    const report = await collectReport(collectors, { timeoutMs: 1000, now, host: "calendar-prod" });

    expect(agentReport.parse(report)).toEqual(report);
    expect(report.collectedAt).toBe("2026-01-11T09:00:00.000Z");
    expect(report.host).toBe("calendar-prod");
    expect(report.containers).toHaveLength(3);
    expect(report.disks).toEqual([{ mount: "/", usedPercent: 92 }]);
    expect(report.memory).toEqual({ usedPercent: 85 });
    expect(report.logs).toEqual({ errorCount24h: 6, databaseLocked24h: 2 });
    expect(report.backup).toEqual({ file: "20260111_030000.tar.gz", ageHours: 6, sizeBytes: 2048 });
    expect(report.redis).toEqual({ pong: true });
    expect(report.radicale).toEqual({ ok: true, status: 302 });
    // Only Prometheus is configured, so Grafana and Loki are absent ("not deployed").
    expect(report.monitoring).toEqual({ prometheus: { ok: false, reason: "ECONNREFUSED" } });
  });

  it("keeps every other section when one collector throws or hangs", async () => {
    const good = createCollectors(config(), {
      run: fakeServer([...inspectFixture().values()]),
      fetch: refused,
      now,
      readText: async () => fixture("meminfo.txt"),
    });
    const collectors: Collectors = {
      ...good,
      disks: async () => {
        throw new Error("df: /srv: No such file or directory");
      },
      logs: () => new Promise(() => {}), // never settles
      monitoring: { loki: () => new Promise(() => {}) },
    };
    const started = Date.now();
    const report = await collectReport(collectors, { timeoutMs: 300, now });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(report.disks).toEqual({ error: "df: /srv: No such file or directory" });
    expect(report.logs).toEqual({ error: "timed out after 300 ms" });
    expect(report.monitoring).toEqual({ loki: { ok: false, reason: "timed out after 300 ms" } });
    expect(report.backup).toBeNull();
    expect(report.memory).toEqual({ usedPercent: 85 });
    expect(Array.isArray(report.containers)).toBe(true);
    expect(agentReport.parse(report)).toEqual(report);
  });

  it("reports a missing backup directory as the backup section's error", async () => {
    const collectors = createCollectors(config({ AGENT_BACKUP_DIR: join(dir, "gone") }), {
      run: fakeServer([]),
      fetch: refused,
      now,
    });
    const report = await collectReport(collectors, { timeoutMs: 1000, now });
    expect(report.backup).toEqual({ error: `backup directory ${join(dir, "gone")} does not exist` });
    expect(report.containers).toEqual([
      { name: "telegram-bot", state: "missing", restartCount: 0 },
      { name: "calendar-redis", state: "missing", restartCount: 0 },
      { name: "radicale-calendar", state: "missing", restartCount: 0 },
    ]);
  });

  it("checks Radicale over HTTP when a URL is configured", async () => {
    const seen: string[] = [];
    const collectors = createCollectors(config({ AGENT_RADICALE_URL: "http://radicale.internal:5232/" }), {
      run: fakeServer([]),
      fetch: async (url) => {
        seen.push(url);
        return new Response(null, { status: 401 });
      },
      now,
    });
    const report = await collectReport(collectors, { timeoutMs: 1000, now });
    expect(seen).toEqual(["http://radicale.internal:5232/"]);
    expect(report.radicale).toEqual({ ok: true, status: 401 });
  });
});
