// Lives in config, which the cost estimate reads and which may not import checks; re-exported
// so the tick and the Durable Object keep importing their cadence from one place.
export { selfProbeEvery } from "../config/cadence";

/**
 * How late an object's own regular probe may be before the cron tick, its supervisor, runs
 * it instead. Covers a slightly late alarm and a probe in progress, so a tick that arrives
 * just as the alarm fires never doubles the probe.
 */
export const SUPERVISE_GRACE_MS = 5_000;
