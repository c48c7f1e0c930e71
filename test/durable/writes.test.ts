import { runInDurableObject } from "cloudflare:test";
import { expect, it } from "vitest";
import type { ServiceMonitor } from "../../src/durable/service-monitor";
import { healedAfterEach, setClock, tick, Watched } from "../support/runtime";

const MIN = 60_000;

/** Records the SQL statements that write (table, or kv key), from now on, in the live instance's store. */
async function countWrites(w: Watched): Promise<string[]> {
  const writes: string[] = [];
  await runInDurableObject(w.stub, (instance: ServiceMonitor) => {
    const store: unknown = Reflect.get(instance, "store");
    if (typeof store !== "object" || store === null) throw new Error("no store");
    const sql = Reflect.get(store, "sql") as SqlStorage;
    const counting = {
      exec: (query: string, ...bindings: unknown[]) => {
        if (!/^\s*(SELECT|PRAGMA)/i.test(query)) {
          const table = /\b(?:INTO|FROM|UPDATE)\s+(\w+)/i.exec(query)?.[1] ?? "?";
          writes.push(table === "kv" ? `kv:${String(bindings[0])}` : table);
        }
        return sql.exec(query, ...bindings);
      },
    };
    Reflect.set(store, "sql", counting);
  });
  return writes;
}

const watch = healedAfterEach();

it("a quiet tick writes nothing, its flush only the new state and the last probe, even with a resolved incident on record (issue 17 item 7)", async () => {
  const w = watch(new Watched("dur-quiet"));
  const { incident, openedAt } = await w.openIncident();
  await setClock(w.stub, openedAt + MIN);
  await w.api.resolve({ incidentId: incident.id, epoch: 1 }, { by: "bob" });
  await w.heal();
  await setClock(w.stub, openedAt + 2 * MIN);
  await tick();
  // Past the reopen window too: the resolved incident was archived when it was resolved.
  await setClock(w.stub, openedAt + 20 * MIN);
  await tick();

  const writes = await countWrites(w);
  await setClock(w.stub, openedAt + 21 * MIN);
  await tick();
  // A healthy probe that changes nothing stays in memory until the state is 5 minutes old.
  expect(writes).toEqual([]);
  await setClock(w.stub, openedAt + 25 * MIN);
  await tick();
  expect(writes.sort()).toEqual(["kv:lastProbe", "kv:state"]);
  expect((await w.api.history()).map((v) => [v.id, v.status])).toEqual([[incident.id, "resolved"]]);
});
