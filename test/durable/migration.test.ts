import { env, runInDurableObject } from "cloudflare:test";
import { expect, it } from "vitest";
import { MonitorStore } from "../../src/durable/monitor-store";
import type { Action } from "../../src/escalation/types";

const action: Action = {
  type: "notify",
  key: "svc:1/1/page/L1/P1.0",
  kind: "page",
  level: "L1",
  incidentId: "svc:1",
  epoch: 1,
};

it("an object created by an earlier version gains the columns it lacks and keeps its rows", async () => {
  const stub = env.SERVICE_MONITOR.getByName("migration-old-schema");
  await runInDurableObject(stub, (_instance, state) => {
    const sql = state.storage.sql;
    sql.exec("DROP TABLE IF EXISTS sent");
    sql.exec(
      "CREATE TABLE sent (key TEXT PRIMARY KEY, at INTEGER NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL)",
    );
    sql.exec("INSERT INTO sent (key, at, status, attempts) VALUES ('old-key', 1, 'delivered', 1)");

    const store = new MonitorStore(sql);
    expect(store.claimKey(action, 10)).toBe(true);
    store.finishKey(action.key, "retryable", 10);
    expect(store.nextRetryAt()).toBeGreaterThan(10);
    expect(store.sentKeys().map((k) => k.key)).toEqual(["old-key", action.key]);
  });
});
