/**
 * `probeEvery = "auto"`: the fastest cadence from 10 s to 60 s, in whole seconds, at which the
 * whole configuration's healthy estimate (src/config/budget.ts) stays within `AUTO_HEADROOM`
 * of the Free plan's daily limits, leaving the rest for incidents (re-checks, pages) and HTTP
 * traffic. On Paid, which has no daily limits, it is 10 s.
 * Every auto service gets the same cadence; services with a fixed `probeEvery` keep theirs.
 */
import { type BudgetInput, FREE_LIMITS, type Metric, type Plan } from "./budget";
import { estimateTotal, type TrafficInput } from "./budget-traffic";
import { TICK_PERIOD_MS } from "./cadence";
import type { Service } from "./service";

/** Share of each limit the healthy estimate may use; the rest is headroom for incidents. */
export const AUTO_HEADROOM = 0.8;

/** The fastest cadence `auto` picks: the blip tolerance plus one probe stays near 20 s. */
export const AUTO_FASTEST_MS = 10_000;

const STEP_MS = 1_000;

/** A service as written: `probeEvery` is a duration or `"auto"`. */
type Written = Omit<BudgetInput["services"][number], "probeEvery"> & { probeEvery: number | "auto" };

/** The config with every `auto` service at `every`. */
function at<S extends Written>(services: readonly S[], every: number): (S & { probeEvery: number })[] {
  return services.map((s) => ({ ...s, probeEvery: s.probeEvery === "auto" ? every : s.probeEvery }));
}

/**
 * The cadence `auto` resolves to for this config: the fastest that fits the plan with
 * headroom, or 60 s when none does (the plan check then says what is over).
 */
export function autoCadence(
  config: Omit<TrafficInput, "services"> & { plan: Plan; services: readonly Written[] },
): number {
  // Paid has no daily limits, only a price: the fastest, with config:check warning of the cost.
  if (config.plan === "paid") return AUTO_FASTEST_MS;
  const limits = FREE_LIMITS;
  for (let every = AUTO_FASTEST_MS; every < TICK_PERIOD_MS; every += STEP_MS) {
    // The HTTP traffic counts too (issue 17 item 5): a fast scraper leaves the probes less.
    const usage = estimateTotal({ ...config, services: at(config.services, every) });
    const fits = (Object.keys(limits) as Metric[]).every((m) => usage[m] <= AUTO_HEADROOM * limits[m]);
    if (fits) return every;
  }
  return TICK_PERIOD_MS;
}

/** The config with every `auto` service's `probeEvery` resolved and marked `probeAuto`. */
export function resolveAuto<
  C extends Omit<TrafficInput, "services"> & {
    plan: Plan;
    services: readonly (Omit<Service, "probeEvery"> & { probeEvery: number | "auto" })[];
  },
>(config: C): Omit<C, "services"> & { services: Service[] } {
  const every = autoCadence(config);
  return {
    ...config,
    services: config.services.map((s) =>
      s.probeEvery === "auto"
        ? { ...s, probeEvery: every, probeAuto: true }
        : { ...s, probeEvery: s.probeEvery },
    ),
  };
}
