import { describe, expect, it } from "vitest";
import { diskReport } from "../../src/checks/agent-report.ts";
import { collectDisks, parseDf } from "../src/disk.ts";
import { collectMemory, parseMeminfo } from "../src/memory.ts";
import { createExecRunner } from "../src/runner.ts";
import { fail, fakeRunner, fixture, ok } from "./support.ts";

describe("disk collector", () => {
  it("reads df -P capacity per configured mount, in argument order", async () => {
    const run = fakeRunner(() => ok(fixture("df-P.txt")));
    const disks = await collectDisks(run, ["/", "/root/backups"], 1500);
    expect(run.calls[0]).toEqual({
      file: "df",
      args: ["-P", "--", "/", "/root/backups"],
      options: { timeoutMs: 1500 },
    });
    expect(disks).toEqual([
      { mount: "/", usedPercent: 92 },
      { mount: "/root/backups", usedPercent: 13 },
    ]);
  });

  it("keeps the configured path when it is a directory inside another filesystem", () => {
    const out =
      "Filesystem     1024-blocks     Used Available Capacity Mounted on\n/dev/vda1 100 96 4 96% /\n";
    expect(parseDf(["/var/lib/docker"], out)).toEqual([{ mount: "/var/lib/docker", usedPercent: 96 }]);
  });

  it("reads a filesystem name with spaces", () => {
    const out =
      "Filesystem 1024-blocks Used Available Capacity Mounted on\nmy nas:/share 1000 500 500 50% /mnt/nas\n";
    expect(parseDf(["/mnt/nas"], out)).toEqual([{ mount: "/mnt/nas", usedPercent: 50 }]);
  });

  it("fails with df's own message when a mount does not exist", async () => {
    const run = fakeRunner(() => fail(1, "df: /nope: No such file or directory\n", fixture("df-P.txt")));
    await expect(collectDisks(run, ["/", "/nope"], 1500)).rejects.toThrow(
      "df: /nope: No such file or directory",
    );
  });

  it("fails on a pseudo filesystem without a capacity", () => {
    const out = "Filesystem 1024-blocks Used Available Capacity Mounted on\nproc 0 0 0 - /proc\n";
    expect(() => parseDf(["/proc"], out)).toThrow(/cannot read usage of \/proc/);
  });

  it("runs for real on this machine", async () => {
    const disks = await collectDisks(createExecRunner(), ["/", "/tmp"], 5000);
    expect(disks.map((d) => d.mount)).toEqual(["/", "/tmp"]);
    for (const d of disks) {
      expect(diskReport.parse(d)).toEqual(d);
      expect(d.usedPercent).toBeGreaterThan(0);
    }
  });
});

describe("memory collector", () => {
  it("computes used percent from MemTotal and MemAvailable, not MemFree", () => {
    // (4005708 - 601956) / 4005708 = 84.97 %; MemFree would have said 95.5 %.
    expect(parseMeminfo(fixture("meminfo.txt"))).toEqual({ usedPercent: 85 });
  });

  it("fails on a kernel without MemAvailable", () => {
    expect(() => parseMeminfo("MemTotal: 1000 kB\nMemFree: 10 kB\n")).toThrow(/MemAvailable/);
  });

  it("reads the injected file", async () => {
    const paths: string[] = [];
    const memory = await collectMemory(async (path) => {
      paths.push(path);
      return fixture("meminfo.txt");
    });
    expect(paths).toEqual(["/proc/meminfo"]);
    expect(memory.usedPercent).toBe(85);
  });

  it("runs for real on this machine", async () => {
    const { usedPercent } = await collectMemory();
    expect(usedPercent).toBeGreaterThan(0);
    expect(usedPercent).toBeLessThan(100);
  });
});
