import assert from "node:assert/strict";
import { actionLink, holdsFor, postAction, telegramFor, waitForTelegram } from "../harness.ts";
import { nameOf, recover, type Scenario, type ScenarioContext, waitForIncident } from "./common.ts";

/** The product's confirmation (5 failures, re-checks 5 s apart), not the e2e run's quick one. */
const spec = { id: "sub-minute", probeEvery: "10s", failureThreshold: 5, recheckInterval: "5s" };
const name = nameOf(spec);
/** A twin that stays healthy while the first one fails, so both halves run at once. */
const calm = { ...spec, id: "sub-minute-calm" };
const calmName = nameOf(calm);
/** How long the healthy service is watched; at one probe per 10 s that is 2 or 3 probes. */
const HEALTHY_MS = 25_000;
/** Onset to page: up to 10 s to the next regular probe, then 4 re-checks 5 s apart, plus slack. */
const PAGE_WITHIN_MS = 45_000;

const gapsOf = (times: number[]) => times.slice(1).map((t, i) => t - (times[i] ?? t));
const seconds = (ms: number[]) => ms.map((g) => (g / 1000).toFixed(1)).join(", ");

/** A 10 s service is probed by its own object every 10 s, not on every tick, and still pages once. */
export const subMinute: Scenario = {
  name: "sub-minute probing",
  proves:
    "probeEvery 10s: one /health per ~10 s while the 2 s cron ticks; an outage paged once after 5 failures",
  services: [spec, calm],
  timeoutMs: 90_000,
  async run(context) {
    await Promise.all([watchHealthy(context), pageOnOutage(context)]);
    const { stack } = context;
    const incident = await waitForIncident(stack, spec.id);
    // Recovery: the next regular probe (≤ 10 s) passes, one re-check 5 s later confirms it.
    const resolved = await recover(stack, spec.id, incident.id, 30_000);
    assert.equal(resolved.resolvedBy, "auto");
    const pages = telegramFor(stack.fakes, name).filter((c) => c.headline.includes("New incident"));
    assert.equal(pages.length, 1, "exactly one page");
    // L3 and L4 (10 s and 14 s, "unresolved") may come before recovery; L2 needs no acknowledgement.
    assert.ok(!resolved.paged.includes("L2"), `acknowledged before L2 was due: ${resolved.paged.join(", ")}`);
  },
};

/** The calm twin for 25 s: about one /health per 10 s while the 2 s cron keeps ticking. */
async function watchHealthy({ stack, log, ticks }: ScenarioContext): Promise<void> {
  const { watched } = stack.fakes;
  const from = Date.now();
  const ticksBefore = ticks();
  await holdsFor("a healthy service paged someone", HEALTHY_MS, () => telegramFor(stack.fakes, calmName)[0]);
  const healthy = watched.hits(calm.id).healthAt.filter((t) => t >= from);
  const ticked = ticks() - ticksBefore;
  log(
    `healthy ${HEALTHY_MS / 1000} s: ${healthy.length} /health requests over ${ticked} ticks (gaps ${seconds(gapsOf(healthy))} s)`,
  );
  assert.ok(ticked >= 8, `the cron must keep ticking meanwhile: ${ticked} ticks`);
  assert.ok(
    healthy.length >= 2 && healthy.length <= 4,
    `a 10 s service gets 2–4 probes in 25 s, not one per tick: ${healthy.length}`,
  );
  for (const gap of gapsOf(healthy)) assert.ok(gap >= 8_000, `regular probes ${gap} ms apart`);
}

/** Fails the first service, waits for its page (after 5 failed probes 5 s apart) and acknowledges it. */
async function pageOnOutage({ stack, log }: ScenarioContext): Promise<void> {
  const { watched } = stack.fakes;
  const onset = Date.now();
  watched.setMode(spec.id, "down");
  const page = await waitForTelegram(stack.fakes, name, "New incident", { timeoutMs: PAGE_WITHIN_MS });
  assert.match(page.headline, /\[P1\]/, "a hard outage is P1");
  const failed = watched.hits(spec.id).failedAt.filter((t) => t >= onset && t <= page.at);
  log(
    `onset→page ${((page.at - onset) / 1000).toFixed(1)} s: ${failed.length} failed probes (gaps ${seconds(gapsOf(failed))} s)`,
  );
  assert.ok(failed.length >= 5, `paged after ${failed.length} failed probes; threshold is 5`);
  // Re-checks run on the object's alarm, 5 s apart; the 2 s ticks only supervise.
  for (const gap of gapsOf(failed)) assert.ok(gap >= 4_000, `re-checks ${gap} ms apart`);
  const ackUrl = actionLink(page, "acknowledge");
  assert.ok(ackUrl, "the page has an Acknowledge link");
  const ack = await postAction(ackUrl, { name: "alice", action: "acknowledge" });
  assert.equal(ack.status, 200, ack.text.slice(0, 300));
}
