/**
 * Issue 14: how long the Worker's diagnostics fetch takes against the real agent on loopback,
 * which runs the fake `docker` binary (e2e/lib/fake-docker.ts) through its real exec runner.
 */

import { loadAgentConfig } from "../agent/src/config.ts";
import { createExecRunner } from "../agent/src/runner.ts";
import { startAgent } from "../agent/src/server.ts";
import { installFakeDocker } from "../e2e/lib/fake-docker.ts";
import { fetchDiagnostics } from "../src/checks/diagnostics-fetch.ts";
import { percentile } from "./stats.ts";

/** Milliseconds per snapshot, `n` sequential asks (P1 and P2 alternating). */
export async function measureSnapshot(n: number): Promise<{ p50: number; p95: number; failures: number }> {
  const docker = installFakeDocker();
  const secret = "bench-agent-secret-0123456789";
  const config = loadAgentConfig({
    AGENT_HMAC_SECRET: secret,
    AGENT_LISTEN: "127.0.0.1:0",
    AGENT_BACKUP_DIR: docker.dir,
  });
  const agent = await startAgent(config, {
    run: createExecRunner(docker.env),
    fetch: (url, init) => fetch(url, init),
    now: () => Date.now(),
    log: () => {},
  });
  const times: number[] = [];
  let failures = 0;
  try {
    const service = { agentUrl: `${agent.url}/status`, thresholds: { timeout: 5000 } };
    const deps = { fetch: (u: string, i: RequestInit) => fetch(u, i), now: () => Date.now(), secret };
    for (let i = 0; i < n; i++) {
      const started = performance.now();
      const level = i % 2 === 0 ? "P1" : "P2";
      const got = await fetchDiagnostics(service, { incident: `bench:${i}`, level }, deps);
      times.push(performance.now() - started);
      if (!got.ok) failures++;
    }
  } finally {
    await agent.close();
    docker.remove();
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), failures };
}

// `npx tsx bench/snapshot.ts` runs this part alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await measureSnapshot(Number(process.env.SNAPSHOT_RUNS ?? 40));
  console.log(
    JSON.stringify({
      snapshot_ms_p50: Math.round(r.p50 * 10) / 10,
      snapshot_ms_p95: Math.round(r.p95 * 10) / 10,
      failures: r.failures,
    }),
  );
}
