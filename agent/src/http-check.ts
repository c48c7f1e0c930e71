import { assertDockerReachable, type CommandRunner } from "./runner.ts";

/** Reachability of one HTTP dependency, as the report's `reachability` schema has it. */
export interface Reachability {
  ok: boolean;
  status?: number;
  reason?: string;
}

/** The `fetch` the agent uses; Node's global `fetch` fits. */
export type FetchFn = (url: string, init: RequestInit) => Promise<Response>;

/** Which answers count as "up". */
export type Expect = "2xx" | "answers";

function judge(status: number, expect: Expect): Reachability {
  const ok = expect === "2xx" ? status >= 200 && status < 300 : status >= 100 && status < 500;
  return ok ? { ok, status } : { ok, status, reason: `HTTP ${status}` };
}

/**
 * GETs a URL with a timeout and without following redirects. `2xx` is the rule for
 * health endpoints; `answers` (any status below 500) suits Radicale, whose root redirects
 * to its web UI or asks for credentials while being perfectly healthy.
 */
export async function checkHttp(
  fetchFn: FetchFn,
  url: string,
  timeoutMs: number,
  expect: Expect = "2xx",
): Promise<Reachability> {
  try {
    const response = await fetchFn(url, { redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return judge(response.status, expect);
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    if (name === "TimeoutError" || name === "AbortError")
      return { ok: false, reason: `timeout after ${timeoutMs} ms` };
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    return { ok: false, reason: (code ?? cause?.message ?? "request failed").slice(0, 200) };
  }
}

/** curl exit codes an operator would otherwise have to look up (`curl -s` prints nothing). */
const CURL_EXIT: Record<number, string> = {
  6: "could not resolve host",
  7: "connection refused",
  28: "timeout",
  52: "empty reply from server",
  56: "connection reset",
};

/**
 * Checks Radicale from inside its own container, as the runbook does
 * (`docker exec radicale-calendar curl -s http://localhost:5232`): its port is not published.
 */
export async function checkRadicaleInContainer(
  run: CommandRunner,
  container: string,
  timeoutMs: number,
): Promise<Reachability> {
  const maxTime = String(Math.max(1, Math.floor(timeoutMs / 1000) - 1));
  const result = await run(
    "docker",
    [
      "exec",
      "--", // the container name is never read as a docker flag
      container,
      "curl",
      "-s",
      "-o",
      "/dev/null",
      "-w",
      "%{http_code}",
      "--max-time",
      maxTime,
      "http://localhost:5232/",
    ],
    { timeoutMs, maxBytes: 4096 },
  );
  assertDockerReachable(result);
  const status = Number(result.stdout.trim());
  if (result.exitCode === 0 && Number.isInteger(status) && status > 0) return judge(status, "answers");
  const curlSaid = CURL_EXIT[result.exitCode ?? -1];
  const said = result.stderr.trim().split("\n")[0] || `curl: ${curlSaid ?? `exit code ${result.exitCode}`}`;
  return { ok: false, reason: said.slice(0, 200) };
}

/** Base URL plus a health path, tolerating a trailing slash in the configured URL. */
export function endpoint(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}${path}`;
}
