import assert from "node:assert/strict";
import { actionLink, holdsFor, postAction, telegramFor, waitForTelegram } from "../harness.ts";
import { mailFor, nameOf, recover, type Scenario, waitForIncident } from "./common.ts";

const spec = { id: "maintenance" };
const name = nameOf(spec);
const WINDOW_MS = 10_000;

/** A maintenance window silences paging but not the timeline; a service still down after it is paged. */
export const maintenance: Scenario = {
  name: "maintenance window silences, then pages",
  proves: "no page inside the window; timeline records it; still failing afterwards → paged",
  services: [spec],
  timeoutMs: 50_000,
  async run({ stack, log }) {
    const start = Date.now();
    const end = start + WINDOW_MS;
    await stack.worker.addMaintenance({ serviceId: spec.id, start, end, reason: "e2e: planned restart" });
    stack.fakes.watched.setMode(spec.id, "down");
    const incident = await waitForIncident(stack, spec.id, 9_000);
    assert.ok(incident.openedAt < end, "the incident opened inside the window");
    assert.ok(
      incident.timeline.some((e) => e.kind === "maintenance"),
      `the timeline says paging is silenced: ${incident.timeline.map((e) => e.kind).join(", ")}`,
    );
    await holdsFor(
      "paged during maintenance",
      Math.max(0, end - Date.now() - 300),
      () => [...telegramFor(stack.fakes, name), ...mailFor(stack, name)][0],
    );
    const page = await waitForTelegram(stack.fakes, name, "New incident", { timeoutMs: 10_000 });
    log(`paged ${((page.at - end) / 1000).toFixed(1)} s after the window ended`);
    assert.ok(page.at >= end - 50, "the page came after the window");
    const view = await stack.worker.incident(incident.id);
    assert.equal(view.id, incident.id, "the same incident, not a new one");
    assert.ok(
      view.timeline.filter((e) => e.kind === "maintenance").length >= 2,
      "window start and end recorded",
    );
    const ack = actionLink(page, "acknowledge");
    assert.ok(ack);
    assert.equal((await postAction(ack, { name: "erin" })).status, 200);
    await recover(stack, spec.id, incident.id);
  },
};
