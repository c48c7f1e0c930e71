/**
 * Where `config:check` finds the config a Worker environment would run, as the Worker itself
 * does (src/config/bundled.ts): a `WATCHDOG_CONFIG` var overrides the bundled watchdog.config.ts,
 * whose section the environment's `WATCHDOG_ENV` var names (issue 17 item 1).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { experimental_readRawConfig } from "wrangler";
import type { WatchdogConfigs } from "../src/config/define.ts";

/**
 * Cloudflare's limit on one environment variable, from developers.cloudflare.com/workers/platform/limits/:
 * "| Environment variable size | 5 KB | 5 KB |" (Workers Free | Workers Paid).
 */
export const VAR_LIMIT_BYTES = 5 * 1024;

/** The config to check, where it came from, and its size as the Worker would carry it. */
export interface ConfigSource {
  raw: unknown;
  /** `override`: a WATCHDOG_CONFIG variable (5 KB at most); `bundle`: a section of the config file. */
  kind: "override" | "bundle";
  /** For messages: the file, and the section or the variable. */
  where: string;
  /** Bytes of the config as JSON: the variable's size, or what the bundle carries. */
  bytes: number;
}

const bytesOf = (raw: unknown) => Buffer.byteLength(JSON.stringify(raw ?? null), "utf8");

async function bundledConfigs(file: string): Promise<WatchdogConfigs> {
  const module = (await import(pathToFileURL(resolve(file)).href)) as { default?: WatchdogConfigs };
  if (!module.default) throw new Error(`${file} has no default export (export default defineConfig({...}))`);
  return module.default;
}

async function bundledSection(file: string, section: string): Promise<ConfigSource> {
  const configs = await bundledConfigs(file);
  const raw = configs[section];
  if (raw === undefined)
    throw new Error(`${file} has no "${section}" section (it has ${Object.keys(configs).join(", ")})`);
  return { raw, kind: "bundle", where: `${file} (${section})`, bytes: bytesOf(raw) };
}

/**
 * The config of `file` for `envName`: a `.json` file is the text of a WATCHDOG_CONFIG override;
 * a `.ts`/`.js` file is a bundled config file; a wrangler.toml gives the environment's override
 * when it sets one, else the section of `bundleFile` its WATCHDOG_ENV names.
 */
export async function configSource(
  file: string,
  envName: string | undefined,
  bundleFile = "watchdog.config.ts",
): Promise<ConfigSource> {
  if (file.endsWith(".json")) {
    const text = readFileSync(file, "utf8");
    return {
      raw: JSON.parse(text),
      kind: "override",
      where: file,
      bytes: Buffer.byteLength(text.trim(), "utf8"),
    };
  }
  if (/\.(ts|mts|js|mjs)$/.test(file)) return bundledSection(file, envName ?? "default");
  const { rawConfig } = experimental_readRawConfig({ config: file });
  const section = envName ? rawConfig.env?.[envName] : rawConfig;
  if (!section) throw new Error(`no [env.${envName}] in ${file}`);
  const vars = (section.vars ?? {}) as Record<string, unknown>;
  const where = `${file}${envName ? ` [env.${envName}]` : ""}`;
  if (vars.WATCHDOG_CONFIG !== undefined) {
    const raw = vars.WATCHDOG_CONFIG;
    return { raw, kind: "override", where: `${where} WATCHDOG_CONFIG`, bytes: bytesOf(raw) };
  }
  const name = typeof vars.WATCHDOG_ENV === "string" ? vars.WATCHDOG_ENV : "default";
  const bundled = await bundledSection(bundleFile, name);
  return { ...bundled, where: `${where} → ${bundled.where}` };
}

/** Why an override is refused: over the variable limit, with the remedy; undefined when it fits. */
export function overrideTooLarge(source: ConfigSource): string | undefined {
  if (source.kind !== "override" || source.bytes <= VAR_LIMIT_BYTES) return undefined;
  return (
    `WATCHDOG_CONFIG is ${source.bytes.toLocaleString("en-US")} bytes, over Cloudflare's limit of 5 KB ` +
    `(${VAR_LIMIT_BYTES.toLocaleString("en-US")} bytes) per environment variable ` +
    `(developers.cloudflare.com/workers/platform/limits/: "Environment variable size | 5 KB | 5 KB"). ` +
    `Remedy: move the config into watchdog.config.ts (export default defineConfig({ <env>: {...} })), ` +
    `set WATCHDOG_ENV = "<env>" in the environment's [vars] and remove WATCHDOG_CONFIG (README: "Configuration file")`
  );
}
