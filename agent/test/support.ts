import { readFileSync } from "node:fs";
import type { CommandResult, CommandRunner, RunOptions } from "../src/runner.ts";

/** One recorded call of the fake runner. */
export interface RunCall {
  file: string;
  args: readonly string[];
  options: RunOptions;
}

/** Captured output shapes, read from `agent/test/fixtures`. */
export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
}

/** A runner answering from a function of the argument array, recording every call. */
export function fakeRunner(
  answer: (file: string, args: readonly string[]) => CommandResult | Promise<CommandResult>,
): CommandRunner & { calls: RunCall[] } {
  const calls: RunCall[] = [];
  const run = async (file: string, args: readonly string[], options: RunOptions) => {
    calls.push({ file, args, options });
    const result = await answer(file, args);
    if (!options.onLine) return result;
    // Streaming, as the real runner does it: every line to onLine, only a stderr head kept.
    for (const text of [result.stdout, result.stderr]) {
      const lines = text.split("\n");
      if (lines.at(-1) === "") lines.pop();
      for (const line of lines) options.onLine(line);
    }
    return { ...result, stdout: "", stderr: result.stderr.slice(0, 4096) };
  };
  return Object.assign(run, { calls });
}

/** A successful command result. */
export function ok(stdout: string, stderr = ""): CommandResult {
  return { exitCode: 0, stdout, stderr };
}

/** A failed command result. */
export function fail(exitCode: number, stderr: string, stdout = ""): CommandResult {
  return { exitCode, stdout, stderr };
}

/** Captured stderr of any docker command when the daemon is down. */
export const DAEMON_DOWN =
  "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n";

/** Captured `docker inspect` objects, keyed by container name. */
export function inspectFixture(): Map<string, Record<string, unknown>> {
  const list = JSON.parse(fixture("docker-inspect.json")) as Record<string, unknown>[];
  return new Map(list.map((c) => [String(c.Name).replace(/^\//, ""), c]));
}

/**
 * A whole server as the agent's commands see it: `docker inspect` returns the given
 * containers, `df`, `docker logs`, redis-cli and Radicale's curl answer like the real tools.
 */
export function fakeServer(containers: Record<string, unknown>[]) {
  return fakeRunner((file, args) => {
    const [cmd, ...rest] = args;
    if (file === "df") return ok(fixture("df-P.txt").split("\n").slice(0, 2).join("\n"));
    if (file !== "docker") return fail(127, `${file}: unexpected`);
    if (cmd === "inspect") {
      const names = rest.slice(rest.indexOf("--") + 1);
      const found = names.map((n) => containers.find((c) => c.Name === `/${n}`)).filter(Boolean);
      const missing = names.filter((n) => !containers.some((c) => c.Name === `/${n}`));
      const stderr = missing.map((n) => `Error: No such container: ${n}\n`).join("");
      return { exitCode: missing.length ? 1 : 0, stdout: JSON.stringify(found), stderr };
    }
    if (cmd === "logs") return ok("", fixture("telegram-bot.log"));
    if (cmd === "exec" && rest[0] === "--" && rest[2] === "redis-cli") return ok("PONG\n");
    if (cmd === "exec" && rest[0] === "--" && rest[2] === "curl") return ok("302");
    return fail(1, `docker ${cmd}: unexpected`);
  });
}

/** A running container in `docker inspect` shape. */
export function runningContainer(name: string, startedAt = "2026-01-10T03:00:00Z"): Record<string, unknown> {
  return {
    Name: `/${name}`,
    RestartCount: 0,
    State: {
      Status: "running",
      Running: true,
      OOMKilled: false,
      ExitCode: 0,
      StartedAt: startedAt,
      FinishedAt: "0001-01-01T00:00:00Z",
    },
  };
}
