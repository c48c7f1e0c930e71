import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";

/** The newest backup archive. */
export interface BackupInfo {
  file: string;
  ageHours: number;
  sizeBytes: number;
}

/** The runbook's glob `*.tar.gz*`: plain and encrypted (`.tar.gz.gpg`) archives. */
const ARCHIVE = /.\.tar\.gz/;

/**
 * Finds the newest `*.tar.gz*` file in the backup directory, like the runbook's
 * `ls -t …/*.tar.gz* | head -1`. Null when there is none; throws when the directory
 * itself is missing or unreadable, which is a different problem from "no backup yet".
 */
export async function collectBackup(dir: string, now: () => number): Promise<BackupInfo | null> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new Error(`backup directory ${dir} does not exist`);
    if (code === "ENOTDIR") throw new Error(`backup path ${dir} is not a directory`);
    if (code === "EACCES") throw new Error(`backup directory ${dir} is not readable`);
    throw new Error(`backup directory ${dir}: ${code ?? "unreadable"}`);
  }
  let newest: { file: string; mtimeMs: number; size: number } | undefined;
  for (const name of names.filter((n) => ARCHIVE.test(n))) {
    // A file can vanish between readdir and stat (retention cleanup); skip it.
    const info = await stat(join(dir, name)).catch(() => undefined);
    if (!info?.isFile()) continue;
    if (!newest || info.mtimeMs > newest.mtimeMs)
      newest = { file: name, mtimeMs: info.mtimeMs, size: info.size };
  }
  if (!newest) return null;
  const ageHours = Math.max(0, (now() - newest.mtimeMs) / 3_600_000);
  return { file: newest.file, ageHours: Math.round(ageHours * 100) / 100, sizeBytes: newest.size };
}
