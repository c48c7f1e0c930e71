import assert from "node:assert/strict";
import { type ServiceSpec, telegramFor, waitFor, waitForTelegram } from "../harness.ts";
import { nameOf, recover, type Scenario, waitForIncident } from "./common.ts";

// No agent: its findings would open a P1 on their own, without asking the second vantage.
const base = { probeEvery: "10s", agent: false, vantage: { home: "weur", second: "enam" } } as const;
/** Unreachable from its home region only: a network path problem. */
const path: ServiceSpec = { id: "vantage-path", ...base };
/** Down from everywhere: an outage. */
const down: ServiceSpec = { id: "vantage-down", ...base };
/** Onset to page: up to 10 s to the next regular probe, 2 re-checks 1 s apart, each asking enam. */
const PAGE_WITHIN_MS = 25_000;

/** A health failure seen only from the home region is a P2 path problem; seen from both, a P1 outage. */
export const secondVantage: Scenario = {
  name: "second vantage",
  proves:
    "failing only from weur: P2 network_path page, no P1; failing from weur and enam: P1 page confirmed from enam",
  services: [path, down],
  timeoutMs: 70_000,
  async run({ stack, log }) {
    const { watched } = stack.fakes;
    const onset = Date.now();
    watched.setMode(path.id, "down", { onlyFor: "weur" });
    watched.setMode(down.id, "down");
    const [pathPage, downPage] = await Promise.all([
      waitForTelegram(stack.fakes, nameOf(path), "New incident", { timeoutMs: PAGE_WITHIN_MS }),
      waitForTelegram(stack.fakes, nameOf(down), "New incident", { timeoutMs: PAGE_WITHIN_MS }),
    ]);
    log(
      `onset→page: path problem ${((pathPage.at - onset) / 1000).toFixed(1)} s, outage ${((downPage.at - onset) / 1000).toFixed(1)} s`,
    );

    assert.match(pathPage.headline, /\[P2\]/, `path page headline: ${pathPage.headline}`);
    assert.ok(
      pathPage.text.includes("/health is reachable from enam, not from weur: a network path problem"),
      `the page names the path: ${pathPage.text.slice(0, 600)}`,
    );
    const pathIncident = await waitForIncident(stack, path.id);
    assert.equal(pathIncident.severity, "P2");
    const pathFinding = pathIncident.findings.find((f) => f.code === "network_path");
    assert.equal(pathFinding?.subject, "enam→weur", `findings: ${JSON.stringify(pathIncident.findings)}`);
    assert.ok(!pathIncident.findings.some((f) => f.code === "health_down"), "no P1 health finding");

    assert.match(downPage.headline, /\[P1\]/, `outage page headline: ${downPage.headline}`);
    const downIncident = await waitForIncident(stack, down.id);
    assert.equal(downIncident.severity, "P1");
    const confirmed = downIncident.timeline.find(
      (e) => e.kind === "finding" && /also failing from enam/.test(e.text),
    );
    assert.ok(confirmed, `the timeline records the second vantage: ${JSON.stringify(downIncident.timeline)}`);

    // One more regular home probe of the path service: still a P2, still no P1 page.
    const weurAtPage = watched.hits(path.id).byVantage.weur ?? 0;
    await waitFor("another probe from weur", () => (watched.hits(path.id).byVantage.weur ?? 0) > weurAtPage, {
      timeoutMs: 15_000,
    });
    const pathHits = watched.hits(path.id).byVantage;
    const downHits = watched.hits(down.id).byVantage;
    log(
      `/health requests by x-watchdog-vantage: path ${JSON.stringify(pathHits)}, outage ${JSON.stringify(downHits)}`,
    );
    assert.ok((pathHits.enam ?? 0) >= 1, "the path service was re-checked from enam");
    assert.ok((downHits.enam ?? 0) >= 1, "the outage was re-checked from enam");

    const [pathResolved] = await Promise.all([
      recover(stack, path.id, pathIncident.id, 25_000),
      recover(stack, down.id, downIncident.id, 25_000),
    ]);
    assert.equal(pathResolved.severity, "P2", "the path problem never became P1");
    const p1 = telegramFor(stack.fakes, nameOf(path)).filter((c) => c.headline.includes("[P1]"));
    assert.equal(p1.length, 0, `no P1 message for the path problem: ${p1.map((c) => c.headline).join("; ")}`);
  },
};
