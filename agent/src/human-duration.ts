const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A duration the way `docker ps` words it ("3 hours", "About a minute"), so operators see familiar text. */
export function humanDuration(ms: number): string {
  const d = Math.max(0, ms);
  if (d < SECOND) return "Less than a second";
  if (d < MINUTE) return `${Math.floor(d / SECOND)} seconds`;
  if (d < 2 * MINUTE) return "About a minute";
  if (d < HOUR) return `${Math.floor(d / MINUTE)} minutes`;
  if (d < 2 * HOUR) return "About an hour";
  if (d < 2 * DAY) return `${Math.floor(d / HOUR)} hours`;
  if (d < 14 * DAY) return `${Math.floor(d / DAY)} days`;
  if (d < 90 * DAY) return `${Math.floor(d / (7 * DAY))} weeks`;
  if (d < 730 * DAY) return `${Math.floor(d / (30 * DAY))} months`;
  return `${Math.floor(d / (365 * DAY))} years`;
}
