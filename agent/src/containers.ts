import * as z from "zod";
import type { AgentReportInput } from "../../src/checks/agent-report.ts";
import { humanDuration } from "./human-duration.ts";
import { type CommandRunner, firstLine } from "./runner.ts";

type ContainerReport = Extract<AgentReportInput["containers"], unknown[]>[number];

/** The part of `docker inspect` output the report needs; everything else is ignored. */
const inspected = z.array(
  z.object({
    Name: z.string(),
    RestartCount: z.number().int().nonnegative().default(0),
    State: z.object({
      Status: z.enum(["running", "restarting", "exited", "paused", "dead", "created", "removing"]),
      Paused: z.boolean().default(false),
      OOMKilled: z.boolean().default(false),
      ExitCode: z.number().int().default(0),
      StartedAt: z.string().default(""),
      FinishedAt: z.string().default(""),
      Health: z.object({ Status: z.string() }).optional(),
    }),
  }),
);
type Inspected = z.infer<typeof inspected>[number];

/** Docker's zero time, printed for a container that never started or never stopped. */
const ZERO_TIME = "0001-01-01T00:00:00Z";

function since(iso: string, nowMs: number): string {
  const at = Date.parse(iso);
  return Number.isNaN(at) || iso === ZERO_TIME ? "" : humanDuration(nowMs - at);
}

/** The status line `docker ps` would print, rebuilt from inspect data so one command suffices. */
export function statusLine(c: Inspected, nowMs: number): string {
  const { State: s } = c;
  switch (s.Status) {
    case "running": {
      const health = s.Health ? ` (${s.Health.Status})` : "";
      return `Up ${since(s.StartedAt, nowMs)}${health}`;
    }
    case "paused":
      return `Up ${since(s.StartedAt, nowMs)} (Paused)`;
    case "restarting":
      return `Restarting (${s.ExitCode}) ${since(s.FinishedAt, nowMs)} ago`;
    case "exited":
      return `Exited (${s.ExitCode}) ${since(s.FinishedAt, nowMs)} ago`;
    case "created":
      return "Created";
    case "dead":
      return "Dead";
    case "removing":
      return "Removal In Progress";
  }
}

function toReport(c: Inspected, name: string, nowMs: number): ContainerReport {
  const started = c.State.StartedAt && c.State.StartedAt !== ZERO_TIME ? c.State.StartedAt : undefined;
  return {
    name,
    state: c.State.Status,
    status: statusLine(c, nowMs).slice(0, 200),
    restartCount: c.RestartCount,
    exitCode: c.State.ExitCode,
    oomKilled: c.State.OOMKilled,
    ...(started ? { startedAt: started.slice(0, 64) } : {}),
  };
}

/** Lines docker prints for a name it does not know; any other error line is a real failure. */
const NO_SUCH = /no such (object|container)/i;

/** Parses `docker inspect` output for the requested names; unknown names become "missing". */
export function parseInspect(
  names: readonly string[],
  result: { exitCode: number | null; stdout: string; stderr: string },
  nowMs: number,
): ContainerReport[] {
  const otherErrors = result.stderr.split("\n").filter((l) => l.trim() !== "" && !NO_SUCH.test(l));
  if (result.exitCode !== 0 && otherErrors.length > 0) {
    throw new Error(`docker inspect: ${firstLine(otherErrors.join("\n"), "failed")}`);
  }
  let parsed: Inspected[];
  try {
    parsed = inspected.parse(JSON.parse(result.stdout.trim() || "[]"));
  } catch {
    throw new Error("docker inspect: unexpected output");
  }
  const byName = new Map(parsed.map((c) => [c.Name.replace(/^\//, ""), c]));
  return names.map((name) => {
    const found = byName.get(name);
    return found ? toReport(found, name, nowMs) : { name, state: "missing", restartCount: 0 };
  });
}

/** Collects state, restarts, exit code and OOM kills of the configured containers. */
export async function collectContainers(
  run: CommandRunner,
  names: readonly string[],
  timeoutMs: number,
  now: () => number,
): Promise<ContainerReport[]> {
  if (names.length === 0) return [];
  const result = await run("docker", ["inspect", "--type", "container", "--", ...names], { timeoutMs });
  return parseInspect(names, result, now());
}
