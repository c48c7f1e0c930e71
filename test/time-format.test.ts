import { describe, expect, it } from "vitest";
import { formatUtc, formatUtcDate, formatUtcSeconds, formatUtcShort } from "../src/time-format";

// 2026-01-11 10:30:15.500 UTC: the forms cut it to the minute or the second, never round.
const AT = Date.UTC(2026, 0, 11, 10, 30, 15, 500);
const NEXT_DAY = Date.UTC(2026, 0, 12, 0, 5);

describe("the UTC forms people read", () => {
  it.each([
    ["formatUtc (messages)", formatUtc(AT), "2026-01-11 10:30 UTC"],
    ["formatUtcShort, same UTC day", formatUtcShort(AT, AT + 60 * 60_000), "10:30 UTC"],
    ["formatUtcShort, another UTC day", formatUtcShort(AT, NEXT_DAY), "2026-01-11 10:30 UTC"],
    ["formatUtcSeconds (pages)", formatUtcSeconds(AT), "2026-01-11 10:30:15 UTC"],
    ["formatUtcSeconds, unknown", formatUtcSeconds(undefined), "—"],
    ["formatUtcSeconds, not a time", formatUtcSeconds(Number.NaN), "—"],
    ["formatUtcDate (daily report)", formatUtcDate(NEXT_DAY), "2026-01-12"],
  ])("%s", (_name, actual, expected) => {
    expect(actual).toBe(expected);
  });
});
