import { type CommandRunner, firstLine } from "./runner.ts";

/** Usage of one configured mount. */
export interface DiskUsage {
  mount: string;
  usedPercent: number;
}

/** `df -P` data line: filesystem (may contain spaces), four numbers, capacity, mount point. */
const DF_LINE = /^(.+?)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)%\s+(.+)$/;

/**
 * Parses `df -P` output. POSIX mode prints one line per argument in argument order, so
 * each line is matched to the configured mount it answers, even when that mount is a
 * directory inside a larger filesystem.
 */
export function parseDf(mounts: readonly string[], stdout: string): DiskUsage[] {
  const lines = stdout.split("\n").filter((l) => l.trim() !== "");
  const data = lines.slice(1);
  if (!/^Filesystem\s/i.test(lines[0] ?? "") || data.length !== mounts.length) {
    throw new Error(`df: expected ${mounts.length} line(s), got ${data.length}`);
  }
  return data.map((line, i) => {
    const match = DF_LINE.exec(line.trim());
    const mount = mounts[i] ?? "";
    if (!match) throw new Error(`df: cannot read usage of ${mount}`);
    return { mount, usedPercent: Math.min(100, Number(match[5])) };
  });
}

/** Collects used-space percent of each mount, as the runbook's `df -h /` check reads it. */
export async function collectDisks(
  run: CommandRunner,
  mounts: readonly string[],
  timeoutMs: number,
): Promise<DiskUsage[]> {
  if (mounts.length === 0) return [];
  const result = await run("df", ["-P", "--", ...mounts], { timeoutMs });
  if (result.exitCode !== 0) throw new Error(firstLine(result.stderr, `df: exit code ${result.exitCode}`));
  return parseDf(mounts, result.stdout);
}
