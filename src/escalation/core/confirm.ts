import {
  type Finding,
  type FindingCode,
  highestSeverity,
  isPageable,
  SEVERITIES,
  type Severity,
  severityRank,
} from "../../checks/types";
import type { FindingTrack, ServiceState } from "./state";

const PAGEABLE = SEVERITIES.filter((s) => s !== "P4");

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

  confirmByStreak(state, byCode, thresholds.failureThreshold, outcome);

  outcome.unsettled = trackedCodes(state).some((code) => {
    const t = state.tracks[code];
    return t !== undefined && (!t.confirmed || t.missed > 0);
  });
  return outcome;
}

/**
 * Per-code counters alone miss a service that fails with a different code on each probe (health
 * down while the agent answers only sometimes) or moves from one code to another mid-outage
 * (which would resolve and reopen). So once the service has shown a finding at a severity or a
 * more severe one on `threshold` probes in a row, and nothing that severe is confirmed, the codes
 * of that severity seen now are confirmed. Runs after clearing, so a hand-over keeps the incident.
 */
function confirmByStreak(
  state: ServiceState,
  byCode: Map<FindingCode, Finding[]>,
  threshold: number,
  outcome: ConfirmOutcome,
): void {
  const seen = [...byCode.values()].flatMap((fs) => fs.map((f) => severityRank(f.severity)));
  const streaks = state.streaks ?? {};
  for (const severity of PAGEABLE) {
    const failing = seen.some((rank) => rank <= severityRank(severity));
    streaks[severity] = failing ? (streaks[severity] ?? 0) + 1 : 0;
  }
  state.streaks = streaks;
  for (const severity of PAGEABLE) {
    if ((streaks[severity] ?? 0) < threshold) continue;
    const held = confirmedSeverity(state);
    if (held !== undefined && severityRank(held) <= severityRank(severity)) return;
    for (const [code, seenNow] of byCode) {
      const track = state.tracks[code];
      if (!track || track.confirmed || seenNow[0]?.severity !== severity) continue;
      track.confirmed = true;
      outcome.confirmed.push(code);
    }
  }
}

/** Forgets every counter: after a manual resolve a failure must be confirmed afresh. */
export function resetConfirmation(state: ServiceState): void {
  state.tracks = {};
  delete state.streaks;
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
