/**
 * How a service's thresholds turn into the confirmation rule the core applies: failures (or,
 * to recover, passes) must number at least a count AND span at least a time. The time form
 * (`confirmFor`, `recoverFor`) is the default; a config that sets only the older count form
 * (`failureThreshold`, `recoveryThreshold`, `recheckInterval`) keeps its count-only rule.
 */

/**
 * Failed probes that confirm an outage in the time form. At 10 % independent failures a run
 * of 7 failures after a first one has odds 0.1^6 = 1e-6; a 10 s cadence gives about 2.8e5
 * failure onsets a year (3.15e6 probes × 0.1 × 0.9), so about 0.28 false pages a year.
 * Six failures would give 2.8 a year (README, "Confirmation").
 */
export const CONFIRM_PROBES = 7;

/** Passing probes that confirm a recovery in the time form (spread over `recoverFor`). */
export const RECOVER_PROBES = 3;

/**
 * Default blip tolerance: failures must span this long before an outage is confirmed. A page
 * comes `confirmFor` after the first failed probe, which follows the onset by U(0, probeEvery):
 * at the 10 s cadence the median onset → page is 5 s + `confirmFor` plus the probe's own time,
 * so 10 s could never hold issue 18's p50 ≤ 15 s. 9.5 s does, and still never pages for a 9 s
 * blip (its failed probes all start within 9 s, and spans are measured between probe starts).
 */
export const DEFAULT_CONFIRM_FOR_MS = 9_500;

/** Default recovery tolerance: passes must span this long before an incident auto-resolves. */
export const DEFAULT_RECOVER_FOR_MS = 6_000;

/** Fastest re-check the time form schedules (a `confirmFor` of 0 would otherwise spin). */
export const MIN_RECHECK_MS = 500;

/** The count-only defaults of the older form (SPEC: 5 failures 5 s apart, 2 passes). */
const COUNT_FORM = { failureThreshold: 5, recoveryThreshold: 2, recheckInterval: 5_000 } as const;

/** The confirmation fields as written in a config (durations already in ms). */
export interface ConfirmationInput {
  failureThreshold?: number | undefined;
  recoveryThreshold?: number | undefined;
  recheckInterval?: number | undefined;
  confirmFor?: number | undefined;
  recoverFor?: number | undefined;
}

/** The resolved rule: counts, spans (0 in the count form) and the re-check interval. */
export interface Confirmation {
  failureThreshold: number;
  recoveryThreshold: number;
  recheckInterval: number;
  confirmFor: number;
  recoverFor: number;
}

/**
 * Fills the rule in. A config that sets any older field and neither `confirmFor` nor
 * `recoverFor` keeps the count-only rule it was written for. Otherwise the spans apply, and
 * re-checks come `confirmFor / (N − 1)` apart so N failures fit in exactly `confirmFor`.
 */
export function resolveConfirmation(t: ConfirmationInput): Confirmation {
  const older =
    t.failureThreshold !== undefined || t.recoveryThreshold !== undefined || t.recheckInterval !== undefined;
  if (older && t.confirmFor === undefined && t.recoverFor === undefined) {
    return {
      failureThreshold: t.failureThreshold ?? COUNT_FORM.failureThreshold,
      recoveryThreshold: t.recoveryThreshold ?? COUNT_FORM.recoveryThreshold,
      recheckInterval: t.recheckInterval ?? COUNT_FORM.recheckInterval,
      confirmFor: 0,
      recoverFor: 0,
    };
  }
  const confirmFor = t.confirmFor ?? DEFAULT_CONFIRM_FOR_MS;
  const failureThreshold = t.failureThreshold ?? CONFIRM_PROBES;
  const spread = failureThreshold > 1 ? Math.ceil(confirmFor / (failureThreshold - 1)) : confirmFor;
  return {
    failureThreshold,
    recoveryThreshold: t.recoveryThreshold ?? RECOVER_PROBES,
    recheckInterval: t.recheckInterval ?? Math.max(MIN_RECHECK_MS, spread),
    confirmFor,
    recoverFor: t.recoverFor ?? DEFAULT_RECOVER_FOR_MS,
  };
}
