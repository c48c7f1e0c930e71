import type { CheckOutcome, HealthOutcome } from "./types";

/** How one probe saw the service as a whole, whatever watched it. */
export interface PrimaryOutcome {
  /** `/health`, or the general checks when the service has no `healthUrl`. */
  source: "health" | "checks";
  ok: boolean;
  latencyMs: number;
  reason?: string;
}

/**
 * The probe's verdict on the service: `/health` when it has one, else its general checks
 * together (up when every check passed; the first check's latency; the first failure's reason).
 * Undefined when neither ran (a probe stored before either existed).
 */
export function primaryOutcome(probe: {
  health?: Pick<HealthOutcome, "ok" | "latencyMs" | "reason"> | undefined;
  checks?: readonly CheckOutcome[] | undefined;
}): PrimaryOutcome | undefined {
  const h = probe.health;
  if (h)
    return { source: "health", ok: h.ok, latencyMs: h.latencyMs, ...(h.reason ? { reason: h.reason } : {}) };
  const checks = probe.checks ?? [];
  const [first] = checks;
  if (!first) return undefined;
  const failed = checks.find((c) => !c.ok);
  return {
    source: "checks",
    ok: failed === undefined,
    latencyMs: first.latencyMs,
    ...(failed?.reason ? { reason: failed.reason } : {}),
  };
}
