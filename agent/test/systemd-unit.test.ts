import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadAgentConfig } from "../src/config.ts";
import { collectReport, createCollectors } from "../src/report.ts";
import type { CommandRunner } from "../src/runner.ts";
import { fakeServer, fixture, inspectFixture } from "./support.ts";

/** `Key=value` settings of the unit file (the last one wins, as in systemd). */
function unitSettings(): Map<string, string> {
  const text = readFileSync(new URL("../watchdog-agent.service", import.meta.url), "utf8");
  const settings = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (m?.[1] && m[2] !== undefined) settings.set(m[1], m[2]);
  }
  return settings;
}

/** systemd sizes: `512M`, `1G`, plain bytes. */
function megabytes(size: string): number {
  const m = /^(\d+)([KMGT]?)$/.exec(size);
  if (!m) throw new Error(`not a size: ${size}`);
  const scale = { "": 1 / 2 ** 20, K: 1 / 1024, M: 1, G: 1024, T: 1024 ** 2 }[
    m[2] as "" | "K" | "M" | "G" | "T"
  ];
  return Number(m[1]) * scale;
}

/** How many commands one collection has running at the same time, under the default config. */
async function commandsInFlight(): Promise<{ docker: number; all: number }> {
  const inner = fakeServer([...inspectFixture().values()]);
  let docker = 0;
  let all = 0;
  const peak = { docker: 0, all: 0 };
  const run: CommandRunner = async (file, args, options) => {
    all++;
    if (file === "docker") docker++;
    peak.all = Math.max(peak.all, all);
    peak.docker = Math.max(peak.docker, docker);
    await new Promise((resolve) => setTimeout(resolve, 50)); // every command takes a while
    try {
      return await inner(file, args, options);
    } finally {
      all--;
      if (file === "docker") docker--;
    }
  };
  const config = loadAgentConfig({
    AGENT_HMAC_SECRET: "a-secret-of-sixteen+",
    AGENT_BACKUP_DIR: "/nonexistent",
  });
  const deps = { run, fetch, now: () => Date.now(), readText: async () => fixture("meminfo.txt") };
  await collectReport(createCollectors(config, deps), { timeoutMs: 2000, now: deps.now });
  return peak;
}

// Measured on a 2-core host (see the comment above the limits in the unit): the agent's Node process has 7 threads idle and
// about 100 MB resident; each docker CLI process 6–7 threads and about 24 MB. The Go runtime
// behind the docker CLI adds threads with the core count, so a big server needs more.
const NODE_TASKS = 16;
const DOCKER_CLI_TASKS_ON_A_BIG_HOST = 40;
const NODE_MB = 128;
const DOCKER_CLI_MB = 32;
/** A collection that timed out can still be winding down when the next one starts. */
const OVERLAP = 2;

describe("the systemd unit", () => {
  it("issue 13 item 13: TasksMax and MemoryMax leave room for a collection's parallel docker calls", async () => {
    const inFlight = await commandsInFlight();
    expect(inFlight.docker).toBe(4); // inspect, logs, redis-cli, Radicale's curl
    const others = inFlight.all - inFlight.docker; // df
    const settings = unitSettings();
    const tasks = Number(settings.get("TasksMax"));
    const memory = megabytes(settings.get("MemoryMax") ?? "");
    const tasksNeeded = OVERLAP * (NODE_TASKS + inFlight.docker * DOCKER_CLI_TASKS_ON_A_BIG_HOST + others);
    const memoryNeeded = OVERLAP * (NODE_MB + inFlight.docker * DOCKER_CLI_MB);
    expect(tasks, `TasksMax=${settings.get("TasksMax")}`).toBeGreaterThanOrEqual(tasksNeeded);
    expect(memory, `MemoryMax=${settings.get("MemoryMax")}`).toBeGreaterThanOrEqual(memoryNeeded);
  });
});
