import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ActionAudit } from "../../src/checks/agent-actions";
import { healthyReportInput } from "../checks/support";
import {
  alarmAt,
  armedAt,
  healedAfterEach,
  setClock,
  type TelegramBody,
  tick,
  Watched,
  withEnv,
} from "../support/runtime";

/** Opens a P1 on `w`, whose config (this object's only) names an agent; returns the incident. */
async function open(w: Watched) {
  const config = structuredClone(env.WATCHDOG_CONFIG) as unknown as {
    services: { id: string; healthUrl: string; agentUrl?: string }[];
  };
  for (const s of config.services)
    if (s.id === w.id) s.agentUrl = s.healthUrl.replace(/health$/, "agent/status");
  await withEnv(w.stub, { WATCHDOG_CONFIG: config });
  await w.fake.scriptAbsolute(`/svc/${w.id}/agent/diagnostics`, { status: 502, body: "Bad Gateway" });
  await w.fail();
  const start = Date.now();
  await setClock(w.stub, start);
  await tick();
  for (let i = 0; i < 10; i++) {
    const snap = await w.api.snapshot();
    if (snap.incident) return snap.incident;
    const at = await armedAt(w.stub);
    if (at === null) break;
    await alarmAt(w.stub, at);
  }
  throw new Error(`${w.id}: no incident opened`);
}

function audit(outcome: ActionAudit["outcome"], detail: string): ActionAudit {
  return {
    action: "restart-app",
    client: "127.0.0.1",
    outcome,
    status: 200,
    durationMs: 3000,
    detail,
    by: "Anna",
  };
}

function restartButton(page: TelegramBody | undefined): string {
  const buttons = page?.reply_markup?.inline_keyboard.flat() ?? [];
  const url = buttons.find((b) => /restart/i.test(b.text))?.url;
  if (!url) throw new Error(`no Restart button in ${JSON.stringify(buttons)}`);
  return url;
}

const post = (url: string, form: Record<string, string>) =>
  exports.default.fetch(url, { method: "POST", body: new URLSearchParams(form) });

/** Runs the object's alarms until the incident resolves or `until`; returns when it resolved. */
async function reprobeUntil(w: Watched, until: number): Promise<number | undefined> {
  for (let i = 0; i < 60; i++) {
    const at = await armedAt(w.stub);
    if (at === null || at > until) return undefined;
    await alarmAt(w.stub, at);
    const snap = await w.api.snapshot();
    if (!snap.incident) return at;
  }
  return undefined;
}

describe("issue 14 item 3: operator-confirmed restart from the L1 page", () => {
  const watch = healedAfterEach();

  it("issue 14 item 3: GET changes nothing; POST restarts once and acknowledges; a second POST answers already done; the fix resolves within the re-probe window", async () => {
    const w = watch(new Watched("rem-fix"));
    const actionPath = `/svc/${w.id}/agent/actions/restart-app`;
    await w.fake.scriptAbsolute(actionPath, { body: { audit: audit("healthy", "healthy after 3 s") } });
    const incident = await open(w);
    const link = restartButton((await w.telegram("sendMessage"))[0]);

    const preview = await exports.default.fetch(link);
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain('method="post"');
    expect(await w.fake.callsAbsolute(actionPath)).toHaveLength(0);
    expect((await w.incident()).status).toBe("open");

    const postAt = incident.openedAt + 60_000;
    await setClock(w.stub, postAt);
    await w.heal();
    // The restarted app and its agent answer again.
    await w.fake.scriptAbsolute(`/svc/${w.id}/agent/status`, { body: healthyReportInput(postAt) });
    const done = await post(link, { name: "Anna", action: "restart-app" });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("healthy after 3 s");
    const calls = await w.fake.callsAbsolute(actionPath);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.headers["x-watchdog-signature"]).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(calls[0]?.body ?? "{}")).toMatchObject({ incident: incident.id });
    const after = await w.incident();
    expect(after.status).toBe("acknowledged");
    expect(after.acknowledgedBy).toContain("Anna");
    expect(after.timeline.some((e) => e.text.includes("restart-app: healthy"))).toBe(true);

    const again = await post(link, { name: "Boris", action: "restart-app" });
    expect(await again.text()).toMatch(/Already done \(Anna at /);
    expect(await w.fake.callsAbsolute(actionPath)).toHaveLength(1);

    const resolvedAt = await reprobeUntil(w, postAt + 120_000);
    expect(resolvedAt).toBeDefined();
    expect((resolvedAt ?? Infinity) - postAt).toBeLessThanOrEqual(15_000);
    const notice = (await w.telegram("sendMessage")).find((m) => m.text.includes("healthy again after"));
    expect(notice?.text).toMatch(/Restart by Anna.* at \d\d:\d\d UTC: \/health healthy again after \d+ s/);
  });

  it("issue 14 item 3: a second POST while the agent is still at it answers already running, and the agent is asked once", async () => {
    const w = watch(new Watched("rem-busy"));
    const actionPath = `/svc/${w.id}/agent/actions/restart-app`;
    await w.fake.scriptAbsolute(actionPath, {
      body: { audit: audit("healthy", "healthy after 3 s") },
      delayMs: 1_500,
    });
    const incident = await open(w);
    const link = restartButton((await w.telegram("sendMessage"))[0]);
    await setClock(w.stub, incident.openedAt + 60_000);
    const first = post(link, { name: "Anna", action: "restart-app" });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const second = await post(link, { name: "Boris", action: "restart-app" });
    const said = await second.text();
    expect(said).toMatch(/Already running \(Anna at /);
    expect(await (await first).text()).toContain("healthy after 3 s");
    expect(await w.fake.callsAbsolute(actionPath)).toHaveLength(1);
  });

  it('issue 14 items 3 and 5: a restart that does not fix it → "still failing" to everyone paged, with the Full restart link', async () => {
    const w = watch(new Watched("rem-fail"));
    const actionPath = `/svc/${w.id}/agent/actions/restart-app`;
    await w.fake.scriptAbsolute(actionPath, {
      status: 500,
      body: { audit: { ...audit("failed", "healthcheck still unhealthy after 120 s"), status: 500 } },
    });
    const incident = await open(w);
    const link = restartButton((await w.telegram("sendMessage"))[0]);
    const postAt = incident.openedAt + 60_000;
    await setClock(w.stub, postAt);
    const probesBefore = (await w.fake.callsAbsolute(`/svc/${w.id}/health`)).length;
    const done = await post(link, { name: "Anna", action: "restart-app" });
    expect(await done.text()).toContain("healthcheck still unhealthy");
    expect(await reprobeUntil(w, postAt + 121_000)).toBeUndefined();
    // Issue 14 item 5: every 5 s for 2 minutes (25 probes, 0 s to 120 s), then back to the regular cadence.
    const reprobes = (await w.fake.callsAbsolute(`/svc/${w.id}/health`)).length - probesBefore;
    expect(reprobes).toBeGreaterThanOrEqual(25);
    expect(reprobes).toBeLessThanOrEqual(27);
    const notice = (await w.telegram("sendMessage")).find((m) => m.text.includes("still failing"));
    expect(notice?.text).toContain("Restart by Anna");
    const full = notice?.text.match(/href="([^"]+\/a\/[^"]+)"/)?.[1];
    expect(full).toBeDefined();
    const confirm = await exports.default.fetch(full ?? "");
    expect(await confirm.text()).toContain("Full restart");
    expect((await w.incident()).timeline.some((e) => e.text === "restart-app: still failing")).toBe(true);
    expect(await w.fake.callsAbsolute(actionPath)).toHaveLength(1);
  });
});
