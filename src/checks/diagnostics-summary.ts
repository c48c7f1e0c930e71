import type { DiagnosticsSnapshot } from "./diagnostics";

/** Most lines a summary has: enough to act on, short enough for a phone's lock screen. */
export const SUMMARY_LINES = 5;
const LINE_CHARS = 200;
/** The runbook's error pattern, as the agent counts errors. */
const ERROR_LINE = /error|exception|traceback|critical/i;
/** From this much use up, memory or disk is a likely cause (runbook P1 step 4). */
const FULL_PERCENT = 90;

const cut = (line: string) => (line.length > LINE_CHARS ? `${line.slice(0, LINE_CHARS - 1)}…` : line);

/**
 * The 3–5 most telling lines of a snapshot, most telling first: containers not running,
 * dependencies that failed (P2), full memory or disk, the last error lines of the log.
 */
export function summariseSnapshot(snapshot: DiagnosticsSnapshot): string[] {
  const lines: string[] = [];
  const { containers, logs, memory, disks, dependencies } = snapshot;
  if ("error" in containers) lines.push(`containers: ${containers.error}`);
  else {
    for (const c of containers) {
      if (c.state === "running" && !/unhealthy/.test(c.status ?? "")) continue;
      const oom = c.oomKilled ? ", OOM-killed" : "";
      lines.push(`${c.name}: ${c.status ?? c.state}, ${c.restartCount} restarts${oom}`);
    }
  }
  if (dependencies) {
    const { redis, radicale, links } = dependencies;
    if ("error" in redis) lines.push(`redis: ${redis.error}`);
    else if (!redis.pong) lines.push(`redis: no PONG${redis.reason ? ` (${redis.reason})` : ""}`);
    if ("error" in radicale) lines.push(`radicale: ${radicale.error}`);
    else if (!radicale.ok) lines.push(`radicale: ${radicale.reason ?? `HTTP ${radicale.status ?? "?"}`}`);
    if ("error" in links) lines.push(`reachability: ${links.error}`);
    else for (const l of links) if (!l.ok) lines.push(`${l.from} → ${l.to}: ${l.reason ?? "unreachable"}`);
  }
  if (!("error" in memory) && memory.usedPercent >= FULL_PERCENT)
    lines.push(`memory ${memory.usedPercent} % used`);
  if (!("error" in disks)) {
    for (const d of disks)
      if (d.usedPercent >= FULL_PERCENT) lines.push(`disk ${d.mount} ${d.usedPercent} % used`);
  }
  const errors =
    "error" in logs ? [`logs: ${logs.error}`] : logs.lines.filter((l) => ERROR_LINE.test(l)).slice(-2);
  // The last error is the most telling line of all, so it always gets a place.
  const room = Math.max(0, SUMMARY_LINES - errors.length);
  const picked = [...lines.slice(0, room), ...errors];
  if (picked.length === 0) {
    const mem = "error" in memory ? "" : `; memory ${memory.usedPercent} %`;
    picked.push(
      `all containers running, no errors in the last ${"error" in logs ? 0 : logs.lines.length} log lines${mem}`,
    );
  }
  return picked.map(cut);
}
