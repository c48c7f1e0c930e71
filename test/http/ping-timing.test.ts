import { describe, expect, it } from "vitest";
import { heartbeatToken } from "../../src/checks/heartbeat-token";
import { testConfig } from "../support/test-config";
import { harness } from "./fakes";

const SECRET = "heartbeat-secret-for-the-timing-test-7f3a9c";

describe("issue 16 item 3: an unknown ping token is no timing oracle", () => {
  it("a 404 for an unknown token takes as long as a known token's call to its object", async () => {
    const config = testConfig({
      services: [
        {
          id: "backup-host",
          name: "Backup host",
          healthUrl: "https://backup.example/health",
          heartbeats: [{ id: "nightly-backup", period: "1d", grace: "2h", severity: "P2" }],
        },
      ],
    });
    const h = harness({ config });
    h.deps.secrets = { ...h.deps.secrets, heartbeatSecret: SECRET };
    const slowMs = 120;
    const monitor = h.monitor("backup-host");
    const ping = monitor.ping.bind(monitor);
    monitor.ping = async (...args) => {
      await new Promise((resolve) => setTimeout(resolve, slowMs));
      return ping(...args);
    };
    const known = await heartbeatToken(SECRET, "backup-host", "nightly-backup");
    for (let i = 0; i < 12; i++) expect((await h.app.request(`/ping/${known}`)).status).toBe(200);
    const wrong = `${known.slice(0, -4)}${known.endsWith("aaaa") ? "bbbb" : "aaaa"}`;
    const started = performance.now();
    const answer = await h.app.request(`/ping/${wrong}`);
    const tookMs = performance.now() - started;
    expect(answer.status).toBe(404);
    expect(tookMs).toBeGreaterThanOrEqual(0.7 * slowMs);
    expect(monitor.pings).toHaveLength(12);
  });
});
