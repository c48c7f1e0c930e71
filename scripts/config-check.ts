/**
 * `npm run config:check [file] [--env name]`: validates a watchdog config before deploy.
 * Reads WATCHDOG_CONFIG from a wrangler.toml (top level or `--env`), or a JSON file.
 * Exits 1 listing the path and problem of every bad field; prints warnings (bare IPs).
 */
import { readFileSync } from "node:fs";
import { experimental_readRawConfig } from "wrangler";
import { formatProblems, parseConfig } from "../src/config/load.ts";

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
