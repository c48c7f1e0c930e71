/**
 * `npm run config:check [file] [--env name] [--secrets file] [--deploy]`: validates a watchdog
 * config before deploy. From a wrangler.toml (top level or `--env`): the environment's
 * WATCHDOG_CONFIG override if it sets one (refused over 5 KB), else the watchdog.config.ts
 * section its WATCHDOG_ENV names; or a config file (`.ts`, section `--env`), or a JSON
 * override. Prints the config's size. A `localOnly` (demo) config is warned about, and refused with `--deploy`.
 * Exits 1 listing the path and problem of every bad field, or naming every secret that is too
 * weak (from `--secrets`, a dotenv or JSON file as `wrangler secret bulk` takes, or `.dev.vars`
 * for the top-level config); prints warnings (bare IPs, cost) and the estimated usage a day and a
 * month against the plan, by source, with the largest cost named (scripts/usage-report.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { selfProbeEvery } from "../src/config/cadence.ts";
import { formatProblems, parseConfig } from "../src/config/load.ts";
import type { Config } from "../src/config/schema.ts";
import { type SecretEnv, weakSecrets } from "../src/config/secrets.ts";
import { type ConfigSource, configSource, overrideTooLarge } from "./config-source.ts";
import { usageReport } from "./usage-report.ts";

const args = process.argv.slice(2);
const flagValue = (flag: string) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const envName = flagValue("--env");
const secretsFile = flagValue("--secrets");
const forDeploy = args.includes("--deploy");
const file =
  args.find((a, i) => !a.startsWith("--") && !["--env", "--secrets"].includes(args[i - 1] ?? "")) ??
  "wrangler.toml";

/** Secrets to judge: `--secrets`, else the `.dev.vars` the top-level config runs with locally. */
function secretsToCheck(): { from: string; values: SecretEnv } | undefined {
  const local = join(dirname(file), ".dev.vars");
  const from = secretsFile ?? (!envName && existsSync(local) ? local : undefined);
  if (!from) return undefined;
  const text = readFileSync(from, "utf8");
  if (from.endsWith(".json")) return { from, values: JSON.parse(text) as SecretEnv };
  const values: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const m = /^\s*(\w+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m?.[1] && m[2] !== undefined) values[m[1]] = m[2].replace(/^(['"])(.*)\1$/, "$2");
  }
  return { from, values };
}

let source: ConfigSource;
try {
  source = await configSource(file, envName);
} catch (error) {
  console.error(`config:check: cannot read ${file}: ${(error as Error).message}`);
  process.exit(1);
}
const where = source.where;
const tooLarge = overrideTooLarge(source);
if (tooLarge) {
  console.error(`✗ ${where}: ${tooLarge}`);
  process.exit(1);
}
const result = parseConfig(source.raw);
if (!result.ok) {
  console.error(`✗ ${where}: ${result.errors.length} problem(s)\n${formatProblems(result.errors)}`);
  process.exit(1);
}
if (result.config.localOnly) {
  const why = `localOnly: this is a demo config for this machine; deployed, the Worker would answer 503 demo_config to everyone`;
  if (forDeploy) {
    console.error(`✗ ${where}: ${why}. Deploy a real config: npm run deploy (--env production)`);
    process.exit(1);
  }
  console.warn(`! ${why}`);
}
let secrets: ReturnType<typeof secretsToCheck>;
try {
  secrets = secretsToCheck();
} catch (error) {
  console.error(`config:check: cannot read the secrets: ${(error as Error).message}`);
  process.exit(1);
}
const weak = secrets ? weakSecrets(result.config, secrets.values) : [];
if (secrets && weak.length > 0) {
  console.error(
    `✗ ${secrets.from}: ${weak.length} secret(s) too weak (generate each with \`openssl rand -hex 32\`)\n${formatProblems(weak)}`,
  );
  process.exit(1);
}
for (const w of result.warnings) console.warn(`! ${w.path}: ${w.message}`);
console.log(`✓ ${where}: ${result.config.services.length} service(s), locale ${result.config.locale}`);
console.log(sizeLine(source));
console.log(cadenceBlock(result.config));
console.log(usageReport(result.config));

/** The config's size where the Worker carries it: a variable (5 KB at most) or the bundle. */
function sizeLine(s: ConfigSource): string {
  const kib = (s.bytes / 1024).toFixed(1);
  return s.kind === "override"
    ? `Config size: ${s.bytes.toLocaleString("en-US")} bytes (${kib} KiB) as the WATCHDOG_CONFIG variable, of the 5 KB a variable may hold`
    : `Config size: ${s.bytes.toLocaleString("en-US")} bytes (${kib} KiB) as JSON in the Worker bundle (no variable limit; the bundle may be 3 MB gzip on Free, 10 MB on Paid)`;
}

/** Each service's cadence and who probes it; `auto` says what it resolved to (src/config/auto-cadence.ts). */
function cadenceBlock(config: Config): string {
  const lines = config.services.map((s) => {
    const every = `${s.probeEvery / 1000}s${s.probeAuto ? " (auto)" : ""}`;
    const by = `its Durable Object ${selfProbeEvery(s) === undefined ? "at each cron tick" : "on its own alarm"}`;
    return `  ${s.id.padEnd(24)}probeEvery ${every.padEnd(12)} probed by ${by}`;
  });
  return `Probing (plan ${config.plan}):\n${lines.join("\n")}`;
}
