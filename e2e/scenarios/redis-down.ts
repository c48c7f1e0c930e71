import assert from "node:assert/strict";
import { telegramFor, waitForTelegram } from "../harness.ts";
import { nameOf, recover, type Scenario, waitForIncident } from "./common.ts";

const spec = { id: "redis-down" };
const name = nameOf(spec);

/** A dependency down behind a healthy /health is Major (P2), with the runbook's Redis section. */
export const redisDown: Scenario = {
  name: "Redis down behind a healthy /health is P2",
  proves: "P2 incident and page with runbook 3.4; never P1",
  services: [spec],
  timeoutMs: 45_000,
  async run({ stack }) {
    stack.fakes.watched.setMode(spec.id, "redis-down");
    const page = await waitForTelegram(stack.fakes, name, "New incident", { timeoutMs: 20_000 });
    assert.match(page.headline, /\[P2\]/, `page headline: ${page.headline}`);
    assert.match(page.text, /Redis/);
    assert.match(page.text, /3\.4/, "the page quotes runbook section 3.4 (Redis connection refused)");
    const incident = await waitForIncident(stack, spec.id);
    assert.equal(incident.severity, "P2");
    const codes = incident.findings.map((f) => f.code);
    assert.ok(codes.includes("redis_down"), `findings: ${codes.join(", ")}`);
    assert.ok(!codes.includes("health_down"), "/health was healthy");
    const resolved = await recover(stack, spec.id, incident.id);
    assert.equal(resolved.severity, "P2");
    const p1 = telegramFor(stack.fakes, name).filter((c) => c.headline.includes("[P1]"));
    assert.equal(p1.length, 0, `no P1 message: ${p1.map((c) => c.headline).join("; ")}`);
  },
};
