/**
 * Issue 14: `restart_to_healthy_s`, the time from the "Restart bot" POST to the "healthy again"
 * notice, against the real Worker under `wrangler dev` and the real agent running the fake
 * `docker` (its app turns healthy 1.5 s after a restart); the e2e scenario's own steps.
 */
import { startStack, startTicker } from "../e2e/harness.ts";
import { restartOnce } from "../e2e/scenarios/restart.ts";
import { percentile } from "./stats.ts";

/** Seconds per run; each run is a fresh service, so a fresh incident and agent. */
export async function measureRestart(runs: number): Promise<number[]> {
  const specs = Array.from({ length: runs }, (_, i) => ({ id: `bench-restart-${i + 1}` }));
  const stack = await startStack({ services: specs });
  const ticker = startTicker(stack.worker, 2_000);
  try {
    const seconds: number[] = [];
    for (const spec of specs) seconds.push(await restartOnce(stack, spec, () => {}));
    return seconds;
  } finally {
    await ticker.stop();
    await stack.stop();
  }
}

// `npx tsx bench/restart.ts` runs this part alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const s = await measureRestart(Number(process.env.RESTART_RUNS ?? 3));
  console.log(JSON.stringify({ restart_to_healthy_s: Math.round(percentile(s, 50) * 10) / 10, runs: s }));
}
