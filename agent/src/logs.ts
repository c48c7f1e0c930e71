import { type CommandRunner, firstLine } from "./runner.ts";

/** The runbook's error pattern (`grep -i -E "(error|exception|traceback|critical)"`). */
const ERROR_LINE = /error|exception|traceback|critical/i;
/** SQLite lock contention, runbook section 3.1. */
const LOCKED_LINE = /database is locked/i;

/** Docker logs of a busy day can be large; past this the count would be a guess, so it fails. */
const MAX_LOG_BYTES = 64 * 1024 * 1024;

/** Counts error lines and "database is locked" lines in log text. */
export function countLogErrors(...texts: string[]): { errorCount24h: number; databaseLocked24h: number } {
  let errorCount24h = 0;
  let databaseLocked24h = 0;
  for (const text of texts) {
    for (const line of text.split("\n")) {
      if (ERROR_LINE.test(line)) errorCount24h++;
      if (LOCKED_LINE.test(line)) databaseLocked24h++;
    }
  }
  return { errorCount24h, databaseLocked24h };
}

/**
 * Counts errors in the app container's last 24 h of logs. Docker replays the container's
 * stderr on its own stderr, so both streams are counted, like the runbook's `2>&1`.
 */
export async function collectLogs(run: CommandRunner, container: string, timeoutMs: number) {
  const result = await run("docker", ["logs", "--since", "24h", "--", container], {
    timeoutMs,
    maxBytes: MAX_LOG_BYTES,
  });
  if (result.exitCode !== 0) {
    throw new Error(`docker logs: ${firstLine(result.stderr, `exit code ${result.exitCode}`)}`);
  }
  return countLogErrors(result.stdout, result.stderr);
}
