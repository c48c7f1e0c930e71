import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { waitFor } from "../harness.ts";
import type { Scenario } from "./common.ts";

const spec = { id: "metrics" };
/** Debian's `prometheus` package provides it; `.ci/run` installs it. Override with E2E_PROMTOOL. */
const PROMTOOL = process.env.E2E_PROMTOOL ?? "/usr/bin/promtool";

/** Runs `promtool check metrics` with the text on stdin; its exit code and everything it printed. */
function promtoolCheck(text: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PROMTOOL, ["check", "metrics"], { stdio: ["pipe", "pipe", "pipe"], timeout: 15_000 });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output: output.trim() }));
    child.stdin.end(text);
  });
}

/** One sample's value, e.g. `watchdog_probe_up{service="metrics",check="agent"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** The real `/metrics` of the running Worker passes Prometheus' own linter (issue 13 item 10). */
export const promtool: Scenario = {
  name: "issue 13 item 10: the real /metrics passes promtool check metrics",
  proves:
    "the real /metrics output lints clean with promtool; latency is in seconds; the signed agent check passes",
  services: [spec],
  timeoutMs: 40_000,
  async run({ stack, log }) {
    assert.ok(
      existsSync(PROMTOOL),
      `${PROMTOOL} is missing: apt-get install -y prometheus (it provides promtool)`,
    );
    const agentUp = `watchdog_probe_up{service="${spec.id}",check="agent"}`;
    const text = await waitFor(
      `/metrics to show a probe of ${spec.id} with its agent`,
      async () => {
        const res = await stack.worker.api<string>("/metrics");
        assert.equal(res.status, 200, `/metrics answered ${res.status}`);
        return sample(res.body, agentUp) === undefined ? undefined : res.body;
      },
      { timeoutMs: 20_000, intervalMs: 500 },
    );
    // The agent check is signed over the agentUrl's host; the fake verifies it against the Host header.
    assert.equal(sample(text, agentUp), 1, `the signed agent check failed:\n${text}`);
    const { code, output } = await promtoolCheck(text);
    assert.equal(code, 0, `promtool check metrics exited ${code}:\n${output}`);
    assert.equal(output, "", `promtool check metrics reported problems:\n${output}`);
    const latency = sample(text, `watchdog_probe_latency_seconds{service="${spec.id}",check="health"}`);
    assert.ok(latency !== undefined && latency >= 0 && latency < 5, `health latency in seconds: ${latency}`);
    log(`promtool: ${text.split("\n").filter((l) => l && !l.startsWith("#")).length} samples, no problems`);
  },
};
