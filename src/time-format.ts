// The UTC times the watchdog writes for a person, in one place at the root with no imports, so
// messages, pages and the core can all use it. The forms differ on purpose (messages are read at
// a glance, to the minute; pages show the second), so each has its own name.

/** "2026-01-11 10:30 UTC": messages and reports, the runbook template's format. */
export function formatUtc(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** "10:30 UTC" when on the same UTC day as `ref`, else the full `formatUtc` form. */
export function formatUtcShort(ms: number, ref: number): string {
  const a = new Date(ms).toISOString();
  const b = new Date(ref).toISOString();
  return a.slice(0, 10) === b.slice(0, 10) ? `${a.slice(11, 16)} UTC` : formatUtc(ms);
}

/** "2026-01-11 10:30:15 UTC": HTML pages and action confirmations; "—" for a time not known. */
export function formatUtcSeconds(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return "—";
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** "2026-01-11": the UTC day, e.g. the daily report's title. */
export function formatUtcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
