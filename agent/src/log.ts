/** One structured log event; callers never put secrets or signature headers in it. */
export type LogEvent = { level: "info" | "warn" | "error"; msg: string } & Record<string, unknown>;

/** Where log events go. */
export type Logger = (event: LogEvent) => void;

/** Writes one JSON line per event to stderr (journald and `docker logs` keep it). */
export const jsonLogger: Logger = (event) => {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`);
};
