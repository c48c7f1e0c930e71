/**
 * `npm run bench`: the watchdog's headline figures. Prints a table, then, as the last line,
 * one JSON object with the figures. Progress goes to stderr. See BENCHMARKS.md for the method.
 */
import { withDeadline } from "../e2e/harness.ts";
import { bundleRows, kib, measureBundle } from "../scripts/bundle-size.ts";
import { DEFAULT_CONFIRM_FOR_MS } from "../src/config/confirmation.ts";
import { FAST_PROBE_EVERY, fastConfig, onsetToPage, spacing, TEN_PROBE_EVERY, tenConfig } from "./cadence.ts";
import { decideCost } from "./decide-cost.ts";
import { historyQuery, statusPageLive } from "./history.ts";
import { type Live, startLive } from "./live.ts";
import { LIVE_PROBE_EVERY, measureCadence } from "./live-cadence.ts";
import { measureDetection } from "./live-detect.ts";
import { measureHangingTick } from "./live-hang.ts";
import { measureScale, stopScale } from "./live-scale.ts";
import { measureSteps, STEP_POLICIES } from "./live-steps.ts";
import { measureTicks } from "./live-tick.ts";
import { machine } from "./machine.ts";
import { benchSeed, mulberry32 } from "./prng.ts";
import { flakyService, outages, summary } from "./reliability.ts";
import { measureRestart } from "./restart.ts";
import { scaleFigures, scaleRows } from "./scale-rows.ts";
import { measureSnapshot } from "./snapshot.ts";
import { percentile, round } from "./stats.ts";
import { printTable, type Row } from "./table.ts";

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const pad = (n: number) => String(n).padStart(2, "0");

let current: Live | undefined;
async function withLive<T>(start: () => Promise<Live>, run: (live: Live) => Promise<T>): Promise<T> {
  const live = await start();
  current = live;
  try {
    return await run(live);
  } finally {
    current = undefined;
    await live.stop();
  }
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void Promise.allSettled([current?.stop(), stopScale()]).finally(() => process.exit(130));
  });
}

async function main(): Promise<void> {
  const seed = benchSeed();
  const rows: Row[] = [];
  log(`seed ${seed} (set BENCH_SEED to replay another)`);

  // Simulated clock, the shipped engine with in-memory storage.
  const flaky = await flakyService(mulberry32(seed), 0.1, 1000);
  const sensitivity = await flakyService(mulberry32(seed), 0.5, 1000);
  const outRng = mulberry32(seed ^ 0x9e3779b9);
  const spread = await outages(outRng, 200, (r) => 90 + r() * 510);
  const edge = await outages(outRng, 200, () => 90);
  const missed = spread.missed + edge.missed;
  const simDetect = summary([...spread.detectS, ...edge.detectS]);
  // The same at probeEvery 15s: the object probes itself, the tick only supervises.
  const fast = fastConfig();
  const cadence = fast.services[0]?.probeEvery ?? Number.NaN;
  const flaky15 = await flakyService(mulberry32(seed), 0.1, 1000, fast);
  const sensitivity15 = await flakyService(mulberry32(seed), 0.5, 1000, fast);
  const onset = await onsetToPage(mulberry32(seed ^ 0x85ebca6b), 500);
  const onsetS = summary(onset.onsetToPageS);
  const spaced = spacing([flaky15.log, sensitivity15.log, ...onset.logs], cadence);
  // Issue 18: probeEvery 10s with the default confirmation (failures spanning confirmFor, 9.5 s).
  const ten = tenConfig();
  const flaky10 = await flakyService(mulberry32(seed), 0.1, 10_000, ten);
  const onset10 = await onsetToPage(mulberry32(seed ^ 0x27d4eb2f), 500, ten);
  const onset10S = summary(onset10.onsetToPageS);
  const blips9 = await outages(mulberry32(seed ^ 0x165667b1), 200, () => 9, ten);
  const outages25 = await outages(mulberry32(seed ^ 0xd3a2646c), 200, () => 25, ten);
  log(
    `simulations done: ${flaky.probes} + ${flaky15.probes} + ${flaky10.probes} flaky probes, ${spread.outages + edge.outages} + ${onset.trials} outages`,
  );

  const cost = decideCost();
  log(`decide cost: ${cost.iterations} iterations`);
  const query = historyQuery();
  log(`history: one service's 90 days read in ${query.p50.toFixed(1)} ms`);

  const bundle = await measureBundle();
  log(`production bundle: ${bundle.rawBytes} bytes, ${bundle.gzipBytes} gzip`);

  const ids = Array.from({ length: 50 }, (_, i) => `svc-${pad(i + 1)}`);
  const fleet50 = ids.map((id) => ({ id, name: `Bench ${id}` }));
  const { ticks, detect, hangingMs, page } = await withLive(
    () => startLive({ services: fleet50, heartbeat: true }),
    async (live) => {
      log("Worker up with 50 services; timing ticks");
      const ticks = await measureTicks(live);
      log(`ticks: ${ticks.ticksMs.map((t) => t.toFixed(0)).join(", ")} ms; detection trials`);
      const detect = await measureDetection(live, fleet50.slice(0, 12), 3);
      const hangingMs = await measureHangingTick(live, ids);
      log(`tick with all 50 services hanging: ${hangingMs.toFixed(0)} ms`);
      const page = await statusPageLive(live, ids[0] ?? "svc-01");
      log(
        `/status for 50 services: ${page.p50.toFixed(0)} ms; one service's page ${page.serviceP50.toFixed(0)} ms`,
      );
      return { ticks, detect, hangingMs, page };
    },
  );
  const detectS = detect.trials.map((t) => t.seconds);

  const stepIds = Array.from({ length: 8 }, (_, i) => `step-${pad(i + 1)}`);
  const steps = await withLive(
    () =>
      startLive({
        services: stepIds.map((id) => ({ id, name: `Bench ${id}`, thresholds: { failureThreshold: 1 } })),
        policies: STEP_POLICIES,
      }),
    (live) => {
      log("Worker up with 8 services and 3 s / 6 s / 9 s steps");
      return measureSteps(live, stepIds);
    },
  );
  const late = steps.map((s) => s.lateS);

  // Three rounds of 12, one probe interval apart: about 70 s, with two cron ticks.
  const fastIds = Array.from({ length: 36 }, (_, i) => `fast-${pad(i + 1)}`);
  const fleetFast = fastIds.map((id) => ({ id, name: `Bench ${id}`, probeEvery: LIVE_PROBE_EVERY }));
  const cadenceStarted = performance.now();
  const liveCadence = await withLive(
    () => startLive({ services: fleetFast }),
    (live) => {
      log(
        `Worker up with ${fleetFast.length} services at probeEvery ${LIVE_PROBE_EVERY}; onset → page trials`,
      );
      return measureCadence(live, fleetFast, 3, mulberry32(seed ^ 0xc2b2ae35));
    },
  );
  log(
    `probeEvery ${LIVE_PROBE_EVERY} trials done in ${((performance.now() - cadenceStarted) / 1000).toFixed(1)} s`,
  );
  const liveOnsetS = liveCadence.trials.map((t) => t.seconds);
  const liveLagMs = liveCadence.trials.map((t) => t.lagMs);
  const liveHealthyGapS = Math.min(...liveCadence.trials.map((t) => t.minHealthyGapMs)) / 1000;
  const liveFailedGapS = Math.min(...liveCadence.trials.map((t) => t.minFailedGapMs)) / 1000;

  // Issue 14: the Worker's diagnostics fetch against the real agent and a fake docker.
  const snapshot = await measureSnapshot(40);
  log(`diagnostics snapshots: p50 ${snapshot.p50.toFixed(1)} ms, ${snapshot.failures} failed`);
  const restartS = await measureRestart(3);
  log(`restart from the link → healthy again: ${restartS.map((s) => s.toFixed(1)).join(" / ")} s`);
  // Issue 17 item 6: 1,000 services for five cron minutes (alone: npm run bench:scale).
  const scale = await measureScale(log);

  const figures = {
    snapshot_ms_p50: round(snapshot.p50, 1),
    restart_to_healthy_s: round(percentile(restartS, 50), 1),
    detect_p50_s: round(percentile(detectS, 50)),
    detect_p95_s: round(percentile(detectS, 95)),
    step_late_max_s: round(Math.max(...late), 3),
    false_pages: flaky.pages,
    missed_outages: missed,
    onset_to_page_p50_s: round(onsetS.p50),
    onset_to_page_p95_s: round(onsetS.p95),
    false_pages_15s: flaky15.pages,
    onset_to_page_10s_p50_s: round(onset10S.p50),
    onset_to_page_10s_p95_s: round(onset10S.p95),
    false_pages_10s: flaky10.pages,
    blip_pages_9s: blips9.outages - blips9.missed,
    missed_outages_25s: outages25.missed,
    onset_to_page_10s_live_p50_s: round(percentile(liveOnsetS, 50)),
    onset_to_page_10s_live_p95_s: round(percentile(liveOnsetS, 95)),
    decide_us_p50: round(cost.p50All, 1),
    tick_ms_p50_50svc: round(ticks.p50Ms, 1),
    tick_ms_all_hanging_50svc: round(hangingMs, 1),
    subrequests_per_tick_50svc: ticks.subrequests,
    bundle_raw_kib: kib(bundle.rawBytes),
    bundle_gzip_kib: kib(bundle.gzipBytes),
    history_query_ms_p50: round(query.p50, 2),
    status_page_ms_p50_50svc: round(page.p50, 1),
    service_page_ms_p50: round(page.serviceP50, 1),
    ...scaleFigures(scale),
  };
  const f = (n: number, d = 1) => n.toFixed(d);
  rows.push(
    {
      name: "detect_p50_s",
      value: f(figures.detect_p50_s, 2),
      target: "",
      note: `${detectS.length} trials, real Worker, first failed probe → L1 page`,
    },
    {
      name: "detect_p95_s",
      value: f(figures.detect_p95_s, 2),
      target: "≤ 22",
      ok: figures.detect_p95_s <= 22,
      note: `max ${f(Math.max(...detectS), 2)} s; failed probes before page: ${[...new Set(detect.trials.map((t) => t.failedProbes))].join("/")}; ${detect.resolved} resolved after recovery`,
    },
    {
      name: "detect incl. tick wait (sim)",
      value: `${f(simDetect.p50)} / ${f(simDetect.p95)}`,
      target: "",
      note: `p50 / p95 s, outage start → page, max ${f(simDetect.max)} s`,
    },
    {
      name: "step_late_max_s",
      value: f(figures.step_late_max_s, 3),
      target: "≤ 2",
      ok: figures.step_late_max_s <= 2,
      note: `${late.length} steps, p50 ${f(percentile(late, 50), 3)} s, min ${f(Math.min(...late), 3)} s`,
    },
    {
      name: "false_pages",
      value: String(flaky.pages),
      target: "= 0",
      ok: flaky.pages === 0,
      note: `${flaky.probes} probes (${flaky.cronTicks} ticks + ${flaky.probes - flaky.cronTicks} re-checks), ${flaky.failedProbes} failed; at 50 %: ${sensitivity.pages} pages`,
    },
    {
      name: "missed_outages",
      value: String(missed),
      target: "= 0",
      ok: missed === 0,
      note: `${spread.outages} outages of 90–600 s + ${edge.outages} of exactly 90 s`,
    },
    {
      name: "onset_to_page_p50_s",
      value: f(figures.onset_to_page_p50_s, 2),
      target: "≤ 30",
      ok: figures.onset_to_page_p50_s <= 30,
      note: `probeEvery ${FAST_PROBE_EVERY} (sim), ${onset.onsetToPageS.length}/${onset.trials} outages paged, onset at a random offset → L1 page`,
    },
    {
      name: "onset_to_page_p95_s",
      value: f(figures.onset_to_page_p95_s, 2),
      target: "≤ 40",
      ok: onset.unpaged === 0 && figures.onset_to_page_p95_s <= 40,
      note: `min ${f(Math.min(...onset.onsetToPageS), 2)} s, max ${f(onsetS.max, 2)} s; failed probes before page: ${[...new Set(onset.failedBeforePage)].join("/")}`,
    },
    {
      name: "onset_to_page_10s_live_p50_s",
      value: f(figures.onset_to_page_10s_live_p50_s, 2),
      target: "≤ 15",
      ok: figures.onset_to_page_10s_live_p50_s <= 15,
      note: `probeEvery ${LIVE_PROBE_EVERY}, real Worker: ${liveOnsetS.length} trials in ${liveCadence.rounds} rounds, onset stratified over one interval after a healthy probe → L1 page; cron every 60 s (${liveCadence.ticks} ticks); page − (healthy probe + 10 s + confirmFor): p50 ${f(percentile(liveLagMs, 50), 0)} ms, max ${f(Math.max(...liveLagMs), 0)} ms`,
    },
    {
      name: "onset_to_page_10s_live_p95_s",
      value: f(figures.onset_to_page_10s_live_p95_s, 2),
      target: "≤ 20",
      ok: figures.onset_to_page_10s_live_p95_s <= 20,
      note: `min ${f(Math.min(...liveOnsetS), 2)} s, max ${f(Math.max(...liveOnsetS), 2)} s; failed probes before page: ${[...new Set(liveCadence.trials.map((t) => t.failedProbes))].join("/")}; most pages for one service: ${liveCadence.maxPagesPerService}; probes ≥ ${f(liveHealthyGapS, 2)} s apart while healthy, ≥ ${f(liveFailedGapS, 2)} s while failing`,
    },
    {
      name: "false_pages_15s",
      value: String(flaky15.pages),
      target: "= 0",
      ok: flaky15.pages === 0,
      note: `${flaky15.probes} probes (${flaky15.regularProbes} regular, ${flaky15.tickProbes} of them by the tick, + ${flaky15.rechecks} re-checks; ${flaky15.cronTicks} ticks), ${flaky15.failedProbes} failed; at 50 %: ${sensitivity15.pages} pages`,
    },
    {
      name: "onset_to_page_10s_p50_s",
      value: f(figures.onset_to_page_10s_p50_s, 2),
      target: "≤ 15",
      ok: figures.onset_to_page_10s_p50_s <= 15,
      note: `probeEvery ${TEN_PROBE_EVERY} (sim), confirmFor ${DEFAULT_CONFIRM_FOR_MS / 1000} s: ${onset10.onsetToPageS.length}/${onset10.trials} outages paged, onset at a random offset → L1 page`,
    },
    {
      name: "onset_to_page_10s_p95_s",
      value: f(figures.onset_to_page_10s_p95_s, 2),
      target: "≤ 20",
      ok: onset10.unpaged === 0 && figures.onset_to_page_10s_p95_s <= 20,
      note: `min ${f(Math.min(...onset10.onsetToPageS), 2)} s, max ${f(onset10S.max, 2)} s; failed probes before page: ${[...new Set(onset10.failedBeforePage)].join("/")}`,
    },
    {
      name: "false_pages_10s",
      value: String(flaky10.pages),
      target: "= 0",
      ok: flaky10.pages === 0,
      note: `${flaky10.probes} probes at 10 % independent failures (${flaky10.regularProbes} regular + ${flaky10.rechecks} re-checks), ${flaky10.failedProbes} failed`,
    },
    {
      name: "blip_pages_9s",
      value: String(figures.blip_pages_9s),
      target: "= 0",
      ok: figures.blip_pages_9s === 0,
      note: `${blips9.outages} outages of 9 s at random phases, probeEvery ${TEN_PROBE_EVERY}`,
    },
    {
      name: "missed_outages_25s",
      value: String(outages25.missed),
      target: "= 0",
      ok: outages25.missed === 0,
      note: `${outages25.outages} outages of 25 s at random phases, probeEvery ${TEN_PROBE_EVERY}; outage start → page p50 ${f(summary(outages25.detectS).p50)} s, max ${f(summary(outages25.detectS).max)} s`,
    },
    {
      name: "regular probe gap 15s (sim)",
      value: f(spaced.minRegularGapMs / 1000),
      target: "≥ 15",
      ok: spaced.crowded === 0,
      note: `min s between consecutive regular probes, ${spaced.regularProbes} of them (both flaky runs + the outages); 15 s intervals with two: ${spaced.crowded}; longest gap between any two probes ${f(spaced.maxProbeGapMs / 1000)} s`,
    },
    {
      name: "decide_us_p50",
      value: f(cost.p50All),
      target: "≤ 200",
      ok: cost.p50All <= 200,
      note: `p95 ${f(cost.p95All)}; no action ${f(cost.p50Quiet)}; with render p50 ${f(cost.p50Render)} p95 ${f(cost.p95Render)} (${cost.renders})`,
    },
    {
      name: "tick_ms_p50_50svc",
      value: f(ticks.p50Ms),
      target: "",
      note: `${ticks.ticksMs.length} ticks: ${ticks.ticksMs.map((t) => t.toFixed(0)).join(" ")}`,
    },
    {
      name: "subrequests_per_tick_50svc",
      value: String(ticks.subrequests),
      target: "",
      note: `${Math.max(...ticks.loopbackPerTick)} loopback (the objects' probes since issue 17, the tick's own is the heartbeat) + ${ticks.doCalls} DO calls; ${ticks.ingested}/50 probed`,
    },
    {
      name: "tick_ms_all_hanging_50svc",
      value: f(hangingMs),
      target: "< 2000",
      ok: hangingMs < 2_000,
      note: "every service accepts and never answers; the tick supervises, each object probes",
    },
    {
      name: "history_query_ms_p50",
      value: f(query.p50, 2),
      target: "",
      note: `issue 15: one service's 90 days of minute probes (windows, 90-day bar, 48 h latency, hourly points), the model in Node on in-memory rows (${query.rows} rows)`,
    },
    {
      name: "status_page_ms_p50_50svc",
      value: f(page.p50),
      target: "",
      note: `GET /status for 50 services on the live Worker: the list from the ticks' summaries, each service linking to its page (issue 17: beyond 10 services a view asks no service object); ${Math.round(page.bytes / 1024)} KiB`,
    },
    {
      name: "service_page_ms_p50",
      value: f(page.serviceP50),
      target: "",
      note: `issue 15: GET /status/services/:id, one service's history, SLA and incidents from its object (histories as the run left them: minutes, not 90 days); ${Math.round(page.serviceBytes / 1024)} KiB`,
    },
    {
      name: "snapshot_ms_p50",
      value: f(snapshot.p50),
      target: "",
      note: `agent on loopback, fake docker on PATH; p95 ${f(snapshot.p95)}; ${snapshot.failures}/40 failed`,
    },
    {
      name: "restart_to_healthy_s",
      value: f(figures.restart_to_healthy_s),
      target: "≤ 120",
      ok: figures.restart_to_healthy_s <= 120,
      note: `"Restart bot" POST → "healthy again" notice, real Worker and agent, fake docker healthy 1.5 s after a restart, re-probes every 5 s; runs ${restartS.map((s) => f(s)).join(" / ")} s`,
    },
    ...bundleRows(bundle),
    ...scaleRows(scale),
  );
  const m = machine();
  console.log(`seed ${seed}; ${m.nproc} × ${m.cpu}, ${m.memGiB} GiB, Node ${m.node}`);
  printTable(rows);
  console.log(JSON.stringify(figures));
}

// The scale bench (about 5 minutes) comes on top of the other 8.
await withDeadline("npm run bench", 14 * 60_000, main).catch(async (error: unknown) => {
  await Promise.allSettled([current?.stop(), stopScale()]);
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
