import type { Supervision } from "./api";

/**
 * How long a supervise call waits for a probe it started before it answers "probing". The
 * probe goes on in the object (its promise outlives the call, as the second vantage's does),
 * so a service that hangs costs the tick this long, not the probe timeout: with every service
 * supervised at once, a tick's wall time no longer grows with the number of hanging services
 * (issue 17 item 2). A loopback or healthy probe answers well within it.
 */
export const SUPERVISE_WAIT_MS = 1_000;

/** What the supervisor can have the object do, as the core's `onSupervise` decided. */
export interface SuperviseSteps {
  probe(): Promise<void>;
  schedule(): Promise<unknown>;
  arm(): Promise<void>;
}

/** Carries out the core's supervise decision; a probe is waited for at most `waitMs`. */
export async function carryOut(
  decision: "busy" | "probe" | "schedule" | "arm",
  steps: SuperviseSteps,
  waitMs = SUPERVISE_WAIT_MS,
): Promise<Supervision> {
  switch (decision) {
    case "busy":
      return "busy";
    case "probe":
      return waitAtMost(steps.probe(), waitMs);
    case "schedule":
      await steps.schedule();
      return "armed";
    case "arm":
      await steps.arm();
      return "armed";
  }
}

async function waitAtMost(probe: Promise<void>, waitMs: number): Promise<Supervision> {
  let answered = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<Supervision>((resolve) => {
    timer = setTimeout(() => resolve("probing"), waitMs);
  });
  // A probe that fails after the answer went out is the object's to log; one that fails in time
  // fails the call, as before, so the tick counts it.
  probe.catch((error: unknown) => {
    if (answered)
      console.error(`supervise: probe failed: ${error instanceof Error ? error.message : String(error)}`);
  });
  try {
    return await Promise.race([probe.then((): Supervision => "probed"), late]);
  } finally {
    answered = true;
    clearTimeout(timer);
  }
}
