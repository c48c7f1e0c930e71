import { describe, expect, it } from "vitest";
import { collectLogs, countLogErrors } from "../src/logs.ts";
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
});
