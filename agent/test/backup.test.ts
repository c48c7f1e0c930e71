import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { collectBackup } from "../src/backup.ts";

const HOUR = 3_600_000;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "agent-backup-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, bytes: number, ageHours: number, now: number): Promise<void> {
  const path = join(dir, name);
  await writeFile(path, Buffer.alloc(bytes, 1));
  const at = new Date(now - ageHours * HOUR);
  await utimes(path, at, at);
}

describe("backup collector", () => {
  it("finds the newest *.tar.gz* archive by mtime, encrypted ones included", async () => {
    const now = Date.now();
    await file("20260109_030000.tar.gz", 5000, 50, now);
    await file("20260110_030000.tar.gz.gpg", 7000, 6.5, now);
    await file("20260111_120000.log", 10, 0.1, now); // newer, but not an archive
    await mkdir(join(dir, "20260111_030000.tar.gz")); // a directory named like one
    const backup = await collectBackup(dir, () => now);
    expect(backup).toEqual({ file: "20260110_030000.tar.gz.gpg", ageHours: 6.5, sizeBytes: 7000 });
  });

  it("reports the age of a stale archive", async () => {
    const now = Date.now();
    await file("20260109_030000.tar.gz", 123_456, 30, now);
    expect(await collectBackup(dir, () => now)).toEqual({
      file: "20260109_030000.tar.gz",
      ageHours: 30,
      sizeBytes: 123_456,
    });
  });

  it("returns null for an empty directory", async () => {
    expect(await collectBackup(dir, () => Date.now())).toBeNull();
  });

  it("returns null when only other files are there", async () => {
    await writeFile(join(dir, "calendar-backup.log"), "ok");
    await writeFile(join(dir, ".env.backup"), "X=1");
    expect(await collectBackup(dir, () => Date.now())).toBeNull();
  });

  it("fails, naming the directory, when it is missing", async () => {
    const missing = join(dir, "not-there");
    await expect(collectBackup(missing, () => Date.now())).rejects.toThrow(
      `backup directory ${missing} does not exist`,
    );
  });

  it("fails when the path is a file", async () => {
    const path = join(dir, "plain");
    await writeFile(path, "x");
    await expect(collectBackup(path, () => Date.now())).rejects.toThrow(/is not a directory/);
  });
});
