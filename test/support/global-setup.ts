import type { TestProject } from "vitest/node";

/** Starts the loopback servers tests probe, and tells the Workers side their ports. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { startFakes } = await import("./fakes.ts");
  const fakes = await startFakes();
  project.provide("fakes", fakes.info);
  return fakes.stop;
}
