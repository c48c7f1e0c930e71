/** A door harness with history: what the status pages of issue 15 are tested on. */
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../../src/history";
import { testConfig } from "../support/test-config";
import { T0 } from "../support/time";
import { DOOR_CONFIG, harness, incidentOf } from "./fakes";

export const TODAY = Math.floor(T0 / DAY_MS) * DAY_MS;

/** calendar-bot watched for the last ten days, five minutes apart; a P1 hour three days ago, a P2 one yesterday. */
export function historyHarness(locale: "en" | "ru" = "en", extra: object = {}) {
  const h = harness({ config: testConfig({ ...DOOR_CONFIG, locale, ...extra }) });
  const bot = h.monitor("calendar-bot");
  const p1 = TODAY - 3 * DAY_MS + 10 * HOUR_MS;
  const p2 = TODAY - DAY_MS + 20 * HOUR_MS;
  for (let t = TODAY - 9 * DAY_MS; t <= T0; t += 5 * MINUTE_MS) {
    const incident = t >= p1 && t < p1 + HOUR_MS ? "P1" : t >= p2 && t < p2 + HOUR_MS ? "P2" : undefined;
    const failed = incident === "P1";
    bot.book.observe({
      at: t,
      ...(incident ? { incident } : {}),
      probe: { failed, latencyMs: failed ? 5000 : 100 + ((t / MINUTE_MS) % 7) * 20 },
    });
  }
  bot.add(
    incidentOf("calendar-bot", 1, {
      status: "resolved",
      severity: "P1",
      openedAt: p1,
      acknowledgedAt: p1 + 12 * MINUTE_MS,
      resolvedAt: p1 + HOUR_MS,
      sla: { respondBy: p1 + 5 * MINUTE_MS, resolveBy: p1 + HOUR_MS },
      slaBreaches: [{ kind: "respond", at: p1 + 5 * MINUTE_MS }],
    }),
  );
  bot.add(
    incidentOf("calendar-bot", 2, {
      status: "resolved",
      severity: "P2",
      openedAt: p2,
      acknowledgedAt: p2 + 3 * MINUTE_MS,
      resolvedAt: p2 + HOUR_MS,
      sla: { respondBy: p2 + 15 * MINUTE_MS, resolveBy: p2 + 4 * HOUR_MS },
    }),
  );
  return h;
}
