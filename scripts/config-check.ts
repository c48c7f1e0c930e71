/**
 * `npm run config:check [file] [--env name]`: validates a watchdog config before deploy.
 * Reads WATCHDOG_CONFIG from a wrangler.toml (top level or `--env`), or a JSON file.
 * Exits 1 listing the path and problem of every bad field; prints warnings (bare IPs, cost)
 * and the estimated daily usage against the plan's limits.
 */
import { readFileSync } from "node:fs";
import { experimental_readRawConfig } from "wrangler";
import { estimateUsage, FREE_LIMITS, PAID, paidOverage } from "../src/config/budget.ts";
import { selfProbeEvery } from "../src/config/cadence.ts";
import { formatProblems, parseConfig } from "../src/config/load.ts";
import type { Config } from "../src/config/schema.ts";

const args = process.argv.slice(2);
const envIndex = args.indexOf("--env");
const envName = envIndex >= 0 ? args[envIndex + 1] : undefined;
const file =
  args.find((a, i) => !a.startsWith("--") && (envIndex < 0 || i !== envIndex + 1)) ?? "wrangler.toml";

function rawConfig(): unknown {
  if (file.endsWith(".json")) return JSON.parse(readFileSync(file, "utf8"));
  const { rawConfig } = experimental_readRawConfig({ config: file });
  const section = envName ? rawConfig.env?.[envName] : rawConfig;
  if (!section) throw new Error(`no [env.${envName}] in ${file}`);
  return (section.vars as Record<string, unknown> | undefined)?.WATCHDOG_CONFIG;
}

let raw: unknown;
try {
  raw = rawConfig();
} catch (error) {
  console.error(`config:check: cannot read ${file}: ${(error as Error).message}`);
  process.exit(1);
}
const result = parseConfig(raw);
const where = `${file}${envName ? ` [env.${envName}]` : ""}`;
if (!result.ok) {
  console.error(`✗ ${where}: ${result.errors.length} problem(s)\n${formatProblems(result.errors)}`);
  process.exit(1);
}
for (const w of result.warnings) console.warn(`! ${w.path}: ${w.message}`);
console.log(`✓ ${where}: ${result.config.services.length} service(s), locale ${result.config.locale}`);
console.log(cadenceBlock(result.config));
console.log(usageBlock(result.config));

/** Each service's cadence and who probes it; `auto` says what it resolved to (src/config/auto-cadence.ts). */
function cadenceBlock(config: Config): string {
  const lines = config.services.map((s) => {
    const every = `${s.probeEvery / 1000}s${s.probeAuto ? " (auto)" : ""}`;
    const by = selfProbeEvery(s) === undefined ? "the cron tick" : "its Durable Object";
    return `  ${s.id.padEnd(24)}probeEvery ${every.padEnd(12)} probed by ${by}`;
  });
  return `Probing (plan ${config.plan}):\n${lines.join("\n")}`;
}

/** The steady-state estimate (src/config/budget.ts) against the plan's limits. */
function usageBlock(config: Config): string {
  const usage = estimateUsage(config);
  const n = (v: number) => Math.round(v).toLocaleString("en-US");
  const daily = [
    ["Worker requests", usage.workerRequests, "workerRequests"],
    ["Durable Object requests", usage.doRequests, "doRequests"],
    ["SQLite rows written", usage.rowsWritten, "rowsWritten"],
  ] as const;
  const lines = daily.map(([label, value, metric]) => {
    const of =
      config.plan === "free"
        ? `of ${n(FREE_LIMITS[metric])} (${Math.round((100 * value) / FREE_LIMITS[metric])} %)`
        : `(${n(value * PAID.daysPerMonth)} a month of ${n(PAID.included[metric])} included)`;
    return `  ${label.padEnd(24)}${n(value).padStart(10)} a day ${of}`;
  });
  const sub =
    config.plan === "free"
      ? `${usage.externalSubrequests} to the Internet of ${FREE_LIMITS.externalSubrequests}, ${usage.internalSubrequests} to Durable Objects of ${n(FREE_LIMITS.internalSubrequests)}`
      : `${usage.externalSubrequests + usage.internalSubrequests} of ${n(PAID.subrequests)}`;
  lines.push(`  ${"Subrequests, busiest tick".padEnd(24)}${" ".repeat(4)}${sub}`);
  if (config.plan === "paid") {
    const { usd } = paidOverage(usage);
    lines.push(`  Beyond the $${PAID.minimumUsd} monthly minimum: about $${usd.toFixed(2)} a month`);
  }
  return `Estimated daily usage, every service healthy (plan ${config.plan}; failures add re-checks):\n${lines.join("\n")}`;
}
