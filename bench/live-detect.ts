/**
 * Detection on the real Worker with the default confirmation settings: a service goes down,
 * the bench fires one cron tick, and the re-checks run on the Durable Object's own alarms.
 * Measured from the first failed probe reaching the service to the L1 page reaching the
 * Telegram fake. Then the services recover and every incident must resolve.
 */
import { waitFor } from "../e2e/harness.ts";
import { type Live, telegramAbout } from "./live.ts";

/** One detection trial. */
export interface DetectTrial {
  serviceId: string;
  firstFailAt: number;
  pagedAt: number;
  seconds: number;
  /** Failed /health probes the service saw until the page (the confirmation count). */
  failedProbes: number;
}

/** Result of the detection run. */
export interface DetectRun {
  trials: DetectTrial[];
  resolved: number;
}

function firstFailedProbe(live: Live, id: string, since: number): { at: number } | undefined {
  return live.fleet
    .hits()
    .find((h) => h.serviceId === id && h.path === "health" && h.status === 503 && h.at >= since);
}

/**
 * Runs `rounds` rounds of `perRound` services each (ids `ids` in order). A round's tick also
 * probes the previous round's services, now healthy again, which starts their recovery.
 */
export async function measureDetection(
  live: Live,
  services: { id: string; name: string }[],
  perRound: number,
): Promise<DetectRun> {
  const trials: DetectTrial[] = [];
  for (let start = 0; start < services.length; start += perRound) {
    const group = services.slice(start, start + perRound);
    const since = Date.now();
    for (const s of group) live.fleet.setDown(s.id, true);
    await live.tick();
    const pages = await Promise.all(
      group.map((s) =>
        waitFor(
          `the L1 page about ${s.name}`,
          () =>
            telegramAbout(live.telegram, s.name).find(
              (c) => c.at >= since && c.headline.includes("New incident"),
            ),
          { timeoutMs: 60_000, intervalMs: 20 },
        ),
      ),
    );
    group.forEach((s, i) => {
      const page = pages[i];
      const first = firstFailedProbe(live, s.id, since);
      if (!page || !first) throw new Error(`detection trial ${s.id}: no failed probe or no page`);
      const failedProbes = live.fleet
        .hits()
        .filter(
          (h) => h.serviceId === s.id && h.path === "health" && h.status === 503 && h.at <= page.at,
        ).length;
      trials.push({
        serviceId: s.id,
        firstFailAt: first.at,
        pagedAt: page.at,
        seconds: (page.at - first.at) / 1000,
        failedProbes,
      });
    });
    for (const s of group) live.fleet.setDown(s.id, false);
  }
  // Recovery: one tick sees every service healthy; the second success comes from the re-check alarm.
  // The tick only supervises, and an object still finishing the last round's page (its probe in
  // flight) answers "busy" and skips that tick's probe: give the last round a moment first.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  await live.tick();
  const resolvedNotices = await Promise.all(
    services.map((s) =>
      waitFor(
        `the resolve notice about ${s.name}`,
        () => telegramAbout(live.telegram, s.name).find((c) => c.headline.includes("Incident resolved")),
        { timeoutMs: 30_000, intervalMs: 100 },
      ),
    ),
  );
  return { trials, resolved: resolvedNotices.length };
}
