import { describe, expect, it } from "vitest";
import { containerReport } from "../../src/checks/agent-report.ts";
import { collectContainers } from "../src/containers.ts";
import { DAEMON_DOWN, fail, fakeRunner, fixture, ok } from "./support.ts";

const NAMES = ["telegram-bot", "calendar-redis", "radicale-calendar"];
const NOW = Date.parse("2026-01-11T09:00:00Z");
const now = () => NOW;

describe("containers collector", () => {
  it("reads running, exited (OOM-killed) and restarting containers from docker inspect", async () => {
    const run = fakeRunner(() => ok(fixture("docker-inspect.json")));
    const report = await collectContainers(run, NAMES, 2000, now);

    expect(run.calls).toEqual([
      {
        file: "docker",
        args: ["inspect", "--type", "container", "--", ...NAMES],
        options: { timeoutMs: 2000 },
      },
    ]);
    expect(report).toEqual([
      {
        name: "telegram-bot",
        state: "running",
        status: "Up 2 hours (healthy)",
        restartCount: 1,
        exitCode: 0,
        oomKilled: false,
        startedAt: "2026-01-11T06:00:12.402991518Z",
      },
      {
        name: "calendar-redis",
        state: "exited",
        status: "Exited (137) About an hour ago",
        restartCount: 0,
        exitCode: 137,
        oomKilled: true,
        startedAt: "2026-01-11T06:00:11.998822314Z",
      },
      {
        name: "radicale-calendar",
        state: "restarting",
        status: "Restarting (1) 7 seconds ago",
        restartCount: 14,
        exitCode: 1,
        oomKilled: false,
        startedAt: "2026-01-11T08:59:51.331092245Z",
      },
    ]);
    for (const c of report) expect(containerReport.parse(c)).toEqual(c);
  });

  it("reports a container docker does not know as missing, keeping the others", async () => {
    const inspect = JSON.parse(fixture("docker-inspect.json")) as unknown[];
    const run = fakeRunner(() =>
      fail(1, "Error: No such container: calendar-redis\n", JSON.stringify([inspect[0], inspect[2]])),
    );
    const report = await collectContainers(run, NAMES, 2000, now);
    expect(report.map((c) => [c.name, c.state])).toEqual([
      ["telegram-bot", "running"],
      ["calendar-redis", "missing"],
      ["radicale-calendar", "restarting"],
    ]);
  });

  it("reports every container missing when none exists", async () => {
    const run = fakeRunner(() =>
      fail(1, "Error: No such object: telegram-bot\nError: No such object: x\n", "[]\n"),
    );
    const report = await collectContainers(run, ["telegram-bot", "x"], 2000, now);
    expect(report).toEqual([
      { name: "telegram-bot", state: "missing", restartCount: 0 },
      { name: "x", state: "missing", restartCount: 0 },
    ]);
  });

  it("fails (rather than calling everything missing) when the Docker daemon is unreachable", async () => {
    const run = fakeRunner(() => fail(1, DAEMON_DOWN, "[]\n"));
    await expect(collectContainers(run, NAMES, 2000, now)).rejects.toThrow(
      /Cannot connect to the Docker daemon/,
    );
  });

  it("fails on output that is not docker inspect JSON", async () => {
    const run = fakeRunner(() => ok("<html>proxy error</html>"));
    await expect(collectContainers(run, NAMES, 2000, now)).rejects.toThrow(/unexpected output/);
  });
});
