/**
 * Escalation-step timing on the real Worker: short step delays, every incident left
 * unacknowledged, and each step's email compared with its due time, which is the incident's
 * open time from the API's timeline plus the step's `after`.
 */
import { waitFor } from "../e2e/harness.ts";
import type { PolicyInput } from "../src/config/schema.ts";
import type { Live } from "./live.ts";

/** The timed steps of the bench policy, in seconds (L1 is paged at 0). */
export const STEP_AFTER_S = { L2: 3, L3: 6, L4: 9 } as const;

/** P1 with L1 at once and L2, L3, L4 a few seconds apart; no reminders to keep the log clean. */
export const STEP_POLICIES: Partial<Record<"P1", PolicyInput>> = {
  P1: {
    steps: [
      { after: "0s", level: "L1", when: "always" },
      { after: `${STEP_AFTER_S.L2}s`, level: "L2", when: "unacknowledged" },
      { after: `${STEP_AFTER_S.L3}s`, level: "L3", when: "unresolved" },
      { after: `${STEP_AFTER_S.L4}s`, level: "L4", when: "unresolved" },
    ],
    respondWithin: "5m",
    resolveWithin: "1h",
  },
};

/** One escalation step as delivered. */
export interface StepSample {
  incidentId: string;
  level: "L2" | "L3" | "L4";
  dueAt: number;
  arrivedAt: number;
  lateS: number;
}

const LEVELS = ["L2", "L3", "L4"] as const;

/** Puts every service down, fires one tick, and times every timed step of every incident. */
export async function measureSteps(live: Live, serviceIds: string[]): Promise<StepSample[]> {
  for (const id of serviceIds) live.fleet.setDown(id, true);
  await live.tick();
  const incidents = await Promise.all(
    serviceIds.map((id) =>
      waitFor(`an open incident on ${id}`, async () => (await live.worker.incidents(id, "active"))[0], {
        timeoutMs: 20_000,
        intervalMs: 200,
      }),
    ),
  );
  const expected = incidents.length * LEVELS.length;
  const lastDue = Math.max(...incidents.map((i) => i.openedAt)) + STEP_AFTER_S.L4 * 1000;
  await waitFor(
    `${expected} escalation emails`,
    () => {
      const n = live.mail.sent().filter((c) => c.idempotencyKey.includes("/escalation/")).length;
      return n >= expected ? n : false;
    },
    { timeoutMs: Math.max(5_000, lastDue - Date.now() + 30_000), intervalMs: 50 },
  );
  const samples: StepSample[] = [];
  for (const summary of incidents) {
    const incident = await live.worker.incident(summary.id);
    const opened = incident.timeline.find((e) => e.kind === "opened");
    if (!opened) throw new Error(`${incident.id}: no "opened" entry on the timeline`);
    for (const level of LEVELS) {
      const mail = live.mail
        .sent()
        .find(
          (c) =>
            c.idempotencyKey.startsWith(`${incident.id}/`) &&
            c.idempotencyKey.includes(`/escalation/${level}/`),
        );
      if (!mail) throw new Error(`${incident.id}: no ${level} escalation email`);
      const dueAt = opened.at + STEP_AFTER_S[level] * 1000;
      samples.push({
        incidentId: incident.id,
        level,
        dueAt,
        arrivedAt: mail.at,
        lateS: (mail.at - dueAt) / 1000,
      });
    }
  }
  for (const id of serviceIds) live.fleet.setDown(id, false);
  return samples;
}
