import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { WEBHOOK_SIGNATURE_HEADER, webhookSignature } from "../../src/escalation/notify";
import { Fake } from "../support/fake-client";
import { alarmsUntil, healedAfterEach, setClock, tick, Watched, withEnv } from "../support/runtime";
import { TEST_SECRETS } from "../support/test-config";

describe("issue 16 item 1: a webhook level through the Durable Object", () => {
  const watch = healedAfterEach();

  it("the page reaches a loopback receiver, signed so that it verifies, with the incident's facts and the step's key", async () => {
    const w = watch(new Watched("chk-hook"));
    const receiver = new Fake();
    const url = await receiver.script("/hook", { body: "ok" });
    const config = structuredClone(env.WATCHDOG_CONFIG) as unknown as {
      escalation: { levels: Record<string, unknown[]> };
    };
    config.escalation.levels.L1 = [{ channel: "webhook", url, format: "json" }];
    await withEnv(w.stub, { WATCHDOG_CONFIG: config });

    // Confirmed the way production does it, each re-check at its own due time.
    await w.fail();
    const start = Date.now();
    await setClock(w.stub, start);
    await tick();
    await alarmsUntil(w.stub, start + 40_000);
    const incident = await w.incident();
    const calls = await receiver.calls("/hook");
    expect(calls).toHaveLength(1);
    const [call] = calls;
    const body = call?.body ?? "";
    // What a receiver does: recompute the HMAC over the raw body with the shared secret.
    const expected = await webhookSignature(TEST_SECRETS.WEBHOOK_SIGNING_SECRET, body);
    expect(call?.headers[WEBHOOK_SIGNATURE_HEADER.toLowerCase()]).toBe(expected);
    expect(call?.headers["idempotency-key"]).toBe(`${incident.id}/1/page/L1/P1.0`);
    expect(JSON.parse(body)).toMatchObject({
      event: { kind: "page", level: "L1" },
      incident: { id: incident.id, serviceId: "chk-hook", severity: "P1", status: "open" },
    });
    expect(JSON.parse(body).incident.findings[0]).toMatchObject({ code: "health_down" });
    expect(incident.timeline.some((e) => e.kind === "notified" && e.text.includes("webhook"))).toBe(true);
  });
});
