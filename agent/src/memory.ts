import { readFile } from "node:fs/promises";

/** Reads a text file; injected so tests can feed captured `/proc/meminfo` contents. */
export type ReadText = (path: string) => Promise<string>;

const readText: ReadText = (path) => readFile(path, "utf8");

function field(meminfo: string, name: string): number | undefined {
  const match = new RegExp(`^${name}:\\s+(\\d+)\\s*kB`, "m").exec(meminfo);
  return match ? Number(match[1]) : undefined;
}

/**
 * Used memory percent from `/proc/meminfo`: MemTotal minus MemAvailable, the kernel's own
 * estimate of what can be allocated without swapping (page cache is not "used").
 */
export function parseMeminfo(meminfo: string): { usedPercent: number } {
  const total = field(meminfo, "MemTotal");
  const available = field(meminfo, "MemAvailable");
  if (!total || available === undefined) throw new Error("meminfo: MemTotal or MemAvailable missing");
  const used = ((total - Math.min(available, total)) / total) * 100;
  return { usedPercent: Math.round(used * 10) / 10 };
}

/** Collects memory usage of the host. */
export async function collectMemory(read: ReadText = readText, path = "/proc/meminfo") {
  return parseMeminfo(await read(path));
}
