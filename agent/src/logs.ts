import { type CommandRunner, firstLine } from "./runner.ts";

/** The runbook's error pattern (`grep -i -E "(error|exception|traceback|critical)"`). */
const ERROR_LINE = /error|exception|traceback|critical/i;
/** SQLite lock contention, runbook section 3.1. */
const LOCKED_LINE = /database is locked/i;

/** Docker logs of a busy day can be large; past this the count would be a guess, so it fails. */
const MAX_LOG_BYTES = 64 * 1024 * 1024;

/** Error and "database is locked" line counts. */
export interface LogCounts {
  errorCount24h: number;
  databaseLocked24h: number;
}

function countLine(counts: LogCounts, line: string): void {
  if (ERROR_LINE.test(line)) counts.errorCount24h++;
  if (LOCKED_LINE.test(line)) counts.databaseLocked24h++;
}

/** Counts error lines and "database is locked" lines in log text. */
export function countLogErrors(...texts: string[]): LogCounts {
  const counts = { errorCount24h: 0, databaseLocked24h: 0 };
  for (const text of texts) for (const line of text.split("\n")) countLine(counts, line);
  return counts;
}

/**
 * Counts errors in the app container's last 24 h of logs. Docker replays the container's
 * stderr on its own stderr, so both streams are counted, like the runbook's `2>&1`.
 */
export async function collectLogs(run: CommandRunner, container: string, timeoutMs: number) {
  const counts = { errorCount24h: 0, databaseLocked24h: 0 };
  // Streamed line by line: a day of an error storm can be tens of MB, and buffering it whole
  // would take several times that in memory (the systemd unit caps it at 1 GB, shared with the
  // docker CLI processes).
  const result = await run("docker", ["logs", "--since", "24h", "--", container], {
    timeoutMs,
    maxBytes: MAX_LOG_BYTES,
    onLine: (line) => countLine(counts, line),
  });
  if (result.exitCode !== 0) {
    throw new Error(`docker logs: ${firstLine(result.stderr, `exit code ${result.exitCode}`)}`);
  }
  return counts;
}
