import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load";
import { configWindows } from "../../src/escalation/core/silence";
import { testConfigInput } from "../support/test-config";

/** The tests' config whose one service has these maintenance windows. */
function withWindows(maintenance: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  const input = testConfigInput();
  return { ...input, ...extra, services: input.services.map((s) => ({ ...s, maintenance })) };
}

const window = (start: string, end: string) => ({ start, end, reason: "upgrade" });

describe("maintenance windows in config", () => {
  it("issue 13 item 3: a year-9999 (or year-0) window is refused instead of silencing paging forever", () => {
    const forever = withWindows([window("0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z")], {
      maxMaintenance: "90d",
    });
    expect(parseConfig(forever)).toEqual({
      ok: false,
      errors: [
        {
          path: "services[0].maintenance[0].start",
          message: "must be between 2000-01-01 and 2100-01-01 UTC",
        },
        { path: "services[0].maintenance[0].end", message: "must be between 2000-01-01 and 2100-01-01 UTC" },
      ],
    });
  });

  it("issue 13 item 3: a window longer than maxMaintenance (7d by default) is refused at its end", () => {
    const long = withWindows([
      window("2026-01-05T12:00:00Z", "2026-01-12T12:00:00Z"),
      window("2026-02-01T00:00:00Z", "2026-03-03T00:00:00Z"),
    ]);
    expect(parseConfig(long)).toMatchObject({
      ok: false,
      errors: [
        {
          path: "services[0].maintenance[1].end",
          message: "the window lasts 30d, longer than maxMaintenance (7d)",
        },
      ],
    });
    const allowed = parseConfig({ ...long, maxMaintenance: "30d" });
    expect(allowed.ok && allowed.config.maxMaintenance).toBe(30 * 86_400_000);
    expect(allowed.ok && configWindows(allowed.config.services[0] ?? never())[1]?.end).toBe(
      Date.parse("2026-03-03T00:00:00Z"),
    );
  });

  it("issue 13 item 3: maxMaintenance itself is bounded, and reported beside other mistakes", () => {
    const result = parseConfig({ ...withWindows([]), maxMaintenance: "1000d", publicUrl: "nope" });
    expect(result.ok === false && result.errors.map((e) => e.path)).toEqual(["publicUrl", "maxMaintenance"]);
    expect(parseConfig({ ...withWindows([]), maxMaintenance: "forever" }).ok).toBe(false);
    expect(parseConfig(withWindows([]))).toMatchObject({
      ok: true,
      config: { maxMaintenance: 7 * 86_400_000 },
    });
  });
});

function never(): never {
  throw new Error("expected a service");
}
