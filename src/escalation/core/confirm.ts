import {
  type Finding,
  type FindingCode,
  highestSeverity,
  isPageable,
  type Severity,
} from "../../checks/types";
import type { FindingTrack, ServiceState } from "./state";

/** What one probe changed in the per-code counters. */
export interface ConfirmOutcome {
  /** Codes that reached the failure threshold on this probe. */
  confirmed: FindingCode[];
  /** Confirmed codes that reached the recovery threshold on this probe. */
  cleared: FindingCode[];
  /** True while some code is seen but unconfirmed, or confirmed but recovering: re-check soon. */
  unsettled: boolean;
}

/**
 * Counts consecutive probes per finding code. P4 findings are ignored (they never page).
 * A code not seen on a probe before confirmation starts over: failures must be consecutive.
 */
export function applyFindings(
  state: ServiceState,
  findings: Finding[],
  thresholds: { failureThreshold: number; recoveryThreshold: number },
): ConfirmOutcome {
  const byCode = new Map<FindingCode, Finding[]>();
  for (const f of findings) {
    if (!isPageable(f)) continue;
    byCode.set(f.code, [...(byCode.get(f.code) ?? []), f]);
  }
  const outcome: ConfirmOutcome = { confirmed: [], cleared: [], unsettled: false };

  for (const [code, seenNow] of byCode) {
    const track: FindingTrack = state.tracks[code] ?? { findings: [], seen: 0, missed: 0, confirmed: false };
    track.findings = seenNow;
    track.seen += 1;
    track.missed = 0;
    if (!track.confirmed && track.seen >= thresholds.failureThreshold) {
      track.confirmed = true;
      outcome.confirmed.push(code);
    }
    state.tracks[code] = track;
  }

  for (const code of trackedCodes(state)) {
    if (byCode.has(code)) continue;
    const track = state.tracks[code];
    if (!track) continue;
    if (!track.confirmed) {
      delete state.tracks[code];
      continue;
    }
    track.missed += 1;
    if (track.missed >= thresholds.recoveryThreshold) {
      delete state.tracks[code];
      outcome.cleared.push(code);
    }
  }

  outcome.unsettled = trackedCodes(state).some((code) => {
    const t = state.tracks[code];
    return t !== undefined && (!t.confirmed || t.missed > 0);
  });
  return outcome;
}

/** Codes with counters, in a stable order. */
export function trackedCodes(state: ServiceState): FindingCode[] {
  return (Object.keys(state.tracks) as FindingCode[]).sort();
}

/** Findings of every confirmed code, most severe first. */
export function confirmedFindings(state: ServiceState): Finding[] {
  const out: Finding[] = [];
  for (const code of trackedCodes(state)) {
    const t = state.tracks[code];
    if (t?.confirmed) out.push(...t.findings);
  }
  return out.sort((a, b) => a.severity.localeCompare(b.severity));
}

/** Severity of the confirmed findings, or undefined when none is confirmed. */
export function confirmedSeverity(state: ServiceState): Severity | undefined {
  return highestSeverity(confirmedFindings(state).map((f) => f.severity));
}
