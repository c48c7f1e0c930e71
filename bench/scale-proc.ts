/**
 * Resident memory of the workerd processes a `wrangler dev` runs, from /proc (Linux): the
 * processes named `workerd` started from the bench's own project directory (their own or an
 * ancestor's working directory), so other developers' Workers on the machine are left out.
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

function cwdOf(pid: string): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return undefined;
  }
}

function parentOf(pid: string): string | undefined {
  try {
    // `pid (comm) state ppid …`: comm may hold spaces, so read after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1];
  } catch {
    return undefined;
  }
}

function startedFrom(pid: string, dir: string): boolean {
  let current: string | undefined = pid;
  for (let depth = 0; current && current !== "0" && depth < 8; depth++) {
    if (cwdOf(current) === dir) return true;
    current = parentOf(current);
  }
  return false;
}

function rssKiB(pid: string): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m?.[1] ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in hundredths of a second. */
const TICKS_PER_S = 100;

function cpuMs(pid: string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after `(comm)`: state is the 1st, utime the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S;
  } catch {
    return 0;
  }
}

/** RSS in MiB and CPU time in ms summed over the workerd processes started from `dir`, and how many there are. */
export function workerdUsage(dir: string): { mb: number; cpuMs: number; processes: number } {
  let kib = 0;
  let cpu = 0;
  let processes = 0;
  let pids: string[] = [];
  try {
    pids = readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  } catch {
    return { mb: 0, cpuMs: 0, processes: 0 };
  }
  for (const pid of pids) {
    let comm = "";
    try {
      comm = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
    } catch {
      continue;
    }
    if (comm !== "workerd" || !startedFrom(pid, dir)) continue;
    kib += rssKiB(pid);
    cpu += cpuMs(pid);
    processes += 1;
  }
  return { mb: kib / 1024, cpuMs: cpu, processes };
}
