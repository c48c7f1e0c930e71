import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collectLogs, countLogErrors } from "../src/logs.ts";
import { createExecRunner } from "../src/runner.ts";
import { fail, fakeRunner, fixture, ok } from "./support.ts";

describe("logs collector", () => {
  it("counts the runbook's error pattern and 'database is locked' over 24 h", async () => {
    const run = fakeRunner(() => ok("", fixture("telegram-bot.log")));
    const counts = await collectLogs(run, "telegram-bot", 2500);
    expect(run.calls[0]?.file).toBe("docker");
    expect(run.calls[0]?.args).toEqual(["logs", "--since", "24h", "--", "telegram-bot"]);
    expect(run.calls[0]?.options.timeoutMs).toBe(2500);
    // ERROR x2, Traceback, ConnectionError, OperationalError, CRITICAL; two "database is locked".
    expect(counts).toEqual({ errorCount24h: 6, databaseLocked24h: 2 });
  });

  it("counts both streams, like the runbook's 2>&1", () => {
    expect(countLogErrors("ERROR one\nok\n", "Traceback (most recent call last):\n")).toEqual({
      errorCount24h: 2,
      databaseLocked24h: 0,
    });
  });

  it("gives zero for a quiet day", async () => {
    const run = fakeRunner(() => ok('INFO: "GET /health HTTP/1.1" 200 OK\n'));
    expect(await collectLogs(run, "telegram-bot", 2500)).toEqual({ errorCount24h: 0, databaseLocked24h: 0 });
  });

  it("fails when the container does not exist instead of reporting zero errors", async () => {
    const run = fakeRunner(() => fail(1, "Error response from daemon: No such container: telegram-bot\n"));
    await expect(collectLogs(run, "telegram-bot", 2500)).rejects.toThrow(/No such container: telegram-bot/);
  });

  it("counts a 40 MB day of logs without holding it in memory (the systemd unit caps its memory)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "agent-logs-"));
    try {
      // A stand-in `docker` that prints 40 MB of Russian log lines: an error storm.
      const block = `2026-03-01 12:00:00 ERROR ошибка записи: database is locked\n${"INFO всё хорошо\n".repeat(3)}`;
      const repeats = Math.ceil(40e6 / Buffer.byteLength(block) / 100) * 100;
      await writeFile(
        join(dir, "docker"),
        `#!/usr/bin/env node
const block = ${JSON.stringify(block)}.repeat(100);
let left = ${repeats / 100};
const pump = () => {
  while (left > 0) { left--; if (!process.stdout.write(block)) return process.stdout.once("drain", pump); }
  process.stderr.write("Traceback (most recent call last):\\n");
};
pump();
`,
      );
      await chmod(join(dir, "docker"), 0o755);
      const run = createExecRunner({ PATH: `${dir}:${process.env.PATH ?? "/usr/bin:/bin"}` });
      const base = process.memoryUsage().heapUsed;
      let peak = base;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }, 2);
      const counts = await collectLogs(run, "telegram-bot", 30_000).finally(() => clearInterval(sampler));
      peak = Math.max(peak, process.memoryUsage().heapUsed);
      expect(counts).toEqual({ errorCount24h: repeats + 1, databaseLocked24h: repeats });
      expect((peak - base) / 1e6).toBeLessThan(32);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
