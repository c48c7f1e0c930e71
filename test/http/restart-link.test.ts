import { describe, expect, it } from "vitest";
import { verifyLink } from "../../src/escalation/links";
import { testConfig, testConfigInput } from "../support/test-config";
import { T0 } from "../support/time";
import { ADMIN, DOOR_CONFIG, harness, incidentOf, LINK_KEY } from "./fakes";

const admin = { headers: { Authorization: `Bearer ${ADMIN}` } };

/** The door's config with an agent on calendar-bot only. */
function withAgent() {
  const services = DOOR_CONFIG.services.map((s) =>
    s.id === "calendar-bot" ? { ...s, agentUrl: "https://calendar.example.com/agent/status" } : s,
  );
  return testConfig({ ...DOOR_CONFIG, services, locale: "en" });
}

/** The "Restart bot" link on an incident page, if any. */
function restartHref(page: string): string | undefined {
  return page.match(/<a href="([^"]*\/a\/[^"]+)">Restart bot<\/a>/)?.[1];
}

describe("issue 14 item 3: Restart bot on the incident page", () => {
  it("issue 14 item 3: shown only for a live incident of a service with an agent; GET confirms and changes nothing, POST acts once", async () => {
    const h = harness({ config: withAgent() });
    const incident = incidentOf("calendar-bot", 1);
    const m = h.monitor("calendar-bot");
    m.add(incident);
    const path = `/status/incidents/${encodeURIComponent(incident.id)}`;
    const href = restartHref(await (await h.app.request(path, admin)).text());
    expect(href).toBeDefined();
    const token = href?.split("/a/")[1] ?? "";
    expect(await verifyLink(LINK_KEY, token, T0, "restart-app")).toMatchObject({ i: incident.id, l: "L1" });

    const confirm = await h.app.request(`/a/${token}`);
    expect(await confirm.text()).toContain("Restart the bot");
    expect(m.mutations).toBe(0);
    expect(m.remediations).toHaveLength(0);

    const form = { name: "Anna", action: "restart-app" };
    const done = await h.app.request(`/a/${token}`, { method: "POST", body: new URLSearchParams(form) });
    expect(await done.text()).toContain("Restart by Anna");
    expect(m.remediations).toEqual([{ action: "restart-app", by: "Anna" }]);
    const again = await h.app.request(`/a/${token}`, { method: "POST", body: new URLSearchParams(form) });
    expect(await again.text()).toContain("Already done");
    expect(m.remediations).toHaveLength(1);
  });

  it("issue 14 item 3: after a restart left it still failing, the incident page offers Full restart too", async () => {
    const h = harness({ config: withAgent() });
    const incident = incidentOf("calendar-bot", 1);
    h.monitor("calendar-bot").add(incident);
    const path = `/status/incidents/${encodeURIComponent(incident.id)}`;
    const full = (page: string) => page.match(/<a href="([^"]*\/a\/[^"]+)">Full restart<\/a>/)?.[1];
    expect(full(await (await h.app.request(path, admin)).text())).toBeUndefined();
    incident.timeline.push({ at: T0, kind: "note", by: "Anna", text: "restart-app: still failing" });
    h.monitor("calendar-bot").add(incident);
    const href = full(await (await h.app.request(path, admin)).text());
    const token = href?.split("/a/")[1] ?? "";
    expect(await verifyLink(LINK_KEY, token, T0, "restart-stack")).toMatchObject({ i: incident.id });
  });

  it("issue 14 item 3: no Restart link without an agent", async () => {
    const h = harness({
      config: testConfig({ ...DOOR_CONFIG, services: testConfigInput().services, locale: "en" }),
    });
    const incident = incidentOf("calendar-bot", 1);
    h.monitor("calendar-bot").add(incident);
    const page = await (
      await h.app.request(`/status/incidents/${encodeURIComponent(incident.id)}`, admin)
    ).text();
    expect(page).toContain(incident.id);
    expect(restartHref(page)).toBeUndefined();
  });
});
