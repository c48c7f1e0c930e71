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
  /** The earliest time a pending span (`confirmFor`, `recoverFor`) completes, when one is still ahead. */
  spanEndsAt?: number;
}

/** The confirmation rule `applyFindings` applies; absent spans mean the count-only rule. */
export interface ConfirmRule {
  failureThreshold: number;
  recoveryThreshold: number;
  confirmFor?: number | undefined;
  recoverFor?: number | undefined;
}

/**
 * Counts consecutive probes per finding code at `now`. P4 findings are ignored (they never
 * page). A code not seen on a probe before confirmation starts over: failures must be
 * consecutive, number `failureThreshold` and span `confirmFor`; passes likewise to clear.
 */
export function applyFindings(
  state: ServiceState,
  findings: Finding[],
  thresholds: ConfirmRule,
  now: number,
): ConfirmOutcome {
  const confirmFor = thresholds.confirmFor ?? 0;
  const recoverFor = thresholds.recoverFor ?? 0;
  const spanEnds: number[] = [];
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
    track.since ??= now;
    track.missed = 0;
    delete track.missedSince;
    if (!track.confirmed) {
      if (track.seen >= thresholds.failureThreshold && now - track.since >= confirmFor) {
        track.confirmed = true;
        outcome.confirmed.push(code);
      } else spanEnds.push(track.since + confirmFor);
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
    track.missedSince ??= now;
    if (track.missed >= thresholds.recoveryThreshold && now - track.missedSince >= recoverFor) {
      delete state.tracks[code];
      outcome.cleared.push(code);
    } else spanEnds.push(track.missedSince + recoverFor);
  }

  spanEnds.push(...confirmByStreak(state, byCode, thresholds.failureThreshold, confirmFor, now, outcome));
  const ahead = spanEnds.filter((t) => t > now);
  if (ahead.length > 0) outcome.spanEndsAt = Math.min(...ahead);

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
 * of that severity seen now are confirmed, once the streak also spans `confirmFor`. Runs after
 * clearing, so a hand-over keeps the incident. Returns when the unconfirmed streaks' spans end.
 */
function confirmByStreak(
  state: ServiceState,
  byCode: Map<FindingCode, Finding[]>,
  threshold: number,
  confirmFor: number,
  now: number,
  outcome: ConfirmOutcome,
): number[] {
  const seen = [...byCode.values()].flatMap((fs) => fs.map((f) => severityRank(f.severity)));
  const streaks = state.streaks ?? {};
  const since = state.streakSince ?? {};
  for (const severity of PAGEABLE) {
    const failing = seen.some((rank) => rank <= severityRank(severity));
    streaks[severity] = failing ? (streaks[severity] ?? 0) + 1 : 0;
    if (failing) since[severity] ??= now;
    else delete since[severity];
  }
  state.streaks = streaks;
  state.streakSince = since;
  const pending: number[] = [];
  for (const severity of PAGEABLE) {
    const began = since[severity] ?? now;
    if ((streaks[severity] ?? 0) < threshold) continue;
    if (now - began < confirmFor) {
      pending.push(began + confirmFor);
      continue;
    }
    const held = confirmedSeverity(state);
    if (held !== undefined && severityRank(held) <= severityRank(severity)) return pending;
    for (const [code, seenNow] of byCode) {
      const track = state.tracks[code];
      if (!track || track.confirmed || seenNow[0]?.severity !== severity) continue;
      track.confirmed = true;
      outcome.confirmed.push(code);
    }
  }
  return pending;
}

/** Forgets every counter: after a manual resolve a failure must be confirmed afresh. */
export function resetConfirmation(state: ServiceState): void {
  state.tracks = {};
  delete state.streaks;
  delete state.streakSince;
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
