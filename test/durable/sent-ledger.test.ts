import { env, runInDurableObject } from "cloudflare:test";
import { expect, it } from "vitest";
import { MonitorStore } from "../../src/durable/monitor-store";
import type { Action, IncidentView } from "../../src/escalation/types";
import { MemoryStore } from "../../src/monitor/memory";
import type { MonitorStorage } from "../../src/monitor/ports";
import { T0 } from "../support/time";

const action: Action = {
  type: "notify",
  key: "svc:1/1/page/L1/P1.0",
  kind: "page",
  level: "L1",
  incidentId: "svc:1",
  epoch: 1,
};
const view = { id: "svc:1", epoch: 1, status: "open", timeline: [] } as unknown as IncidentView;

/** The same steps on a store; returns what the test asserts. */
function retryOnce(store: MonitorStorage) {
  store.claimKey(action, T0);
  store.finishKey(action.key, "retryable", T0, {
    targets: new Map([["telegram:1", "retry"]]),
    retryAfterMs: 42_000,
    view,
  });
  const dueAt = store.nextRetryAt(new Set());
  const claimed = store.claimDueRetries(T0 + 42_000, new Set()).map((a) => a.key);
  const earlier = store.earlierAttempts(action.key);
  store.finishKey(action.key, "delivered", T0 + 42_000, { targets: new Map([["telegram:1", "delivered"]]) });
  const settled = store.earlierAttempts(action.key);
  return { dueAt, claimed, earlier, settled };
}

const expected = {
  dueAt: T0 + 42_000,
  claimed: [action.key],
  earlier: { firstAt: T0, targets: new Map(), view },
  settled: { firstAt: T0, targets: new Map([["telegram:1", "delivered"]]) },
};

it("issue 13 items 7 and 8: both stores retry at the wait asked for and keep the first attempt's time and view until the step settles", async () => {
  expect(retryOnce(new MemoryStore())).toEqual(expected);
  const stub = env.SERVICE_MONITOR.getByName("sent-ledger-rules");
  const sql = await runInDurableObject(stub, (_instance, state) => {
    state.storage.sql.exec("DROP TABLE IF EXISTS sent");
    return retryOnce(new MonitorStore(state.storage.sql));
  });
  expect(sql).toEqual(expected);
});

it("issue 13 item 7: a wait beyond 10 min is cut to 10 min in both stores", async () => {
  const far = (store: MonitorStorage) => {
    store.claimKey(action, T0);
    store.finishKey(action.key, "retryable", T0, { retryAfterMs: 3_600_000 });
    return store.nextRetryAt(new Set());
  };
  expect(far(new MemoryStore())).toBe(T0 + 600_000);
  const stub = env.SERVICE_MONITOR.getByName("sent-ledger-cap");
  expect(
    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec("DROP TABLE IF EXISTS sent");
      return far(new MonitorStore(state.storage.sql));
    }),
  ).toBe(T0 + 600_000);
});

/** A retry whose sender threw (no view of its own) between the first attempt and the last. */
function retryAfterThrow(store: MonitorStorage) {
  store.claimKey(action, T0);
  store.finishKey(action.key, "retryable", T0, { view });
  store.claimDueRetries(T0 + 30_000, new Set());
  store.finishKey(action.key, "retryable", T0 + 30_000);
  return store.earlierAttempts(action.key)?.view;
}

it("issue 13 item 8: both stores keep the first attempt's view through a retry whose sender threw", async () => {
  expect(retryAfterThrow(new MemoryStore())).toEqual(view);
  const stub = env.SERVICE_MONITOR.getByName("sent-ledger-throw");
  const sql = await runInDurableObject(stub, (_instance, state) => {
    state.storage.sql.exec("DROP TABLE IF EXISTS sent");
    return retryAfterThrow(new MonitorStore(state.storage.sql));
  });
  expect(sql).toEqual(view);
});
