import { afterAll, expect, it } from "vitest";
import { Watched } from "../support/runtime";

const w = new Watched("dur-fresh");
afterAll(() => w.heal());

// Its own file, so no other test's tick has probed the service yet.
it("a status read before the first probe does not change the ids of the incidents it opens", async () => {
  expect(await w.api.snapshot()).toEqual({ serviceId: "" });
  expect(await w.api.history()).toEqual([]);
  const { incident } = await w.openIncident();
  expect(incident.id).toMatch(/^dur-fresh:\d{8}T\d{6}Z-1$/);
  expect((await w.api.snapshot()).serviceId).toBe("dur-fresh");
  // The id routes operator links to this object.
  const outcome = await w.api.acknowledge({ incidentId: incident.id, epoch: 1 }, { by: "alice" });
  expect(outcome.ok).toBe(true);
});
