/**
 * `npm run e2e`: the real Worker under `wrangler dev` against loopback fakes, one scenario
 * after another on one Worker (each scenario has its own services). Prints a table; exits
 * non-zero if any scenario fails. Every wait is bounded and the whole run has a hard deadline.
 *
 *   npm run e2e                      all scenarios
 *   npm run e2e -- --only maint      scenarios whose name contains "maint"
 *   npm run e2e -- --echo            also stream wrangler's output
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Stack, startStack, startTicker, type Ticker, withDeadline } from "./harness.ts";
import type { Scenario } from "./scenarios/common.ts";
import { SCENARIOS } from "./scenarios/index.ts";

const RUN_DEADLINE_MS = 290_000;
const args = process.argv.slice(2);
const only = args.includes("--only") ? (args[args.indexOf("--only") + 1] ?? "") : "";
const echo = args.includes("--echo");
const seed = Number(process.env.E2E_SEED ?? Date.now() % 100_000);

const chosen = SCENARIOS.filter((s) => s.name.includes(only));
if (chosen.length === 0) {
  console.error(`no scenario matches "${only}"; scenarios: ${SCENARIOS.map((s) => s.name).join("; ")}`);
  process.exit(2);
}

let stack: Stack | undefined;
let ticker: Ticker | undefined;
let cleaning: Promise<void> | undefined;
const cleanup = () => {
  cleaning ??= (async () => {
    await ticker?.stop();
    await stack?.stop();
  })();
  return cleaning;
};
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping wrangler and the fakes`);
    void cleanup().then(() => process.exit(130));
  });
}
const hardStop = setTimeout(() => {
  console.error(`e2e: run exceeded ${RUN_DEADLINE_MS / 1000} s; stopping`);
  void cleanup().then(() => process.exit(1));
}, RUN_DEADLINE_MS);

interface Outcome {
  scenario: Scenario;
  ms: number;
  error?: Error;
  notes: string[];
}

const started = Date.now();
const outcomes: Outcome[] = [];
let failed = false;
try {
  console.log(`e2e: starting fakes and wrangler dev (flaky seed ${seed})`);
  stack = await startStack({ services: chosen.flatMap((s) => s.services), watched: { seed }, echo });
  console.log(
    `e2e: Worker ready at ${stack.worker.url} after ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  const artifacts = mkdtempSync(join(tmpdir(), "watchdog-e2e-artifacts-"));
  const cron = startTicker(stack.worker, 2_000);
  ticker = cron;
  for (const scenario of chosen) {
    const notes: string[] = [];
    const t0 = Date.now();
    const current = stack;
    process.stdout.write(`▶ ${scenario.name} … `);
    try {
      await withDeadline(scenario.name, scenario.timeoutMs, () =>
        scenario.run({
          stack: current,
          artifacts,
          log: (line) => notes.push(line),
          ticks: () => cron.count(),
        }),
      );
      outcomes.push({ scenario, ms: Date.now() - t0, notes });
      console.log(`ok (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (error) {
      failed = true;
      outcomes.push({ scenario, ms: Date.now() - t0, notes, error: error as Error });
      console.log(`FAILED (${((Date.now() - t0) / 1000).toFixed(1)} s)\n  ${(error as Error).message}`);
    } finally {
      for (const s of scenario.services) current.fakes.watched.setMode(s.id, "up");
    }
    for (const note of notes) console.log(`    · ${note}`);
  }
  if (cron.errors().length > 0) console.log(`ticks failed: ${cron.errors().slice(0, 3).join("; ")}`);
  console.log(`\nartifacts: ${artifacts}`);
} catch (error) {
  failed = true;
  console.error(`e2e: ${(error as Error).stack ?? error}`);
} finally {
  if (failed && stack) console.log(`\n--- wrangler output (tail) ---\n${stack.worker.logs().slice(-6000)}`);
  await cleanup();
  clearTimeout(hardStop);
}

const total = ((Date.now() - started) / 1000).toFixed(1);
console.log("\n| scenario | result | time |\n|---|---|---|");
for (const o of outcomes)
  console.log(`| ${o.scenario.name} | ${o.error ? "FAIL" : "pass"} | ${(o.ms / 1000).toFixed(1)} s |`);
const passed = outcomes.filter((o) => !o.error).length;
console.log(`\nran ${chosen.length} scenarios in ${total} s (seed ${seed})`);
// The plain closing line CI reads: "N passed, N failed".
console.log(`e2e: ${passed} passed, ${chosen.length - passed} failed`);
process.exit(failed || outcomes.length < chosen.length ? 1 : 0);
