/** The machine the figures come from (the machine is shared; figures are noisy). */
import { readFileSync } from "node:fs";
import { availableParallelism, totalmem } from "node:os";

/** CPU count, CPU model, memory and Node version. */
export function machine(): { nproc: number; cpu: string; memGiB: number; node: string } {
  let cpu = "unknown";
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? cpu;
  } catch {
    // not Linux: keep "unknown"
  }
  return {
    nproc: availableParallelism(),
    cpu,
    memGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
  };
}
