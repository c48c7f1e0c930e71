import type * as z from "zod";
import { budgetWarnings } from "./budget-cost";
import { type ConfigBindings, rawConfigOf } from "./bundled";
import { type Config, configSchema } from "./schema";

/** One problem in a config, with the dotted path of the field. */
export interface ConfigProblem {
  path: string;
  message: string;
}

/** Result of parsing a config: all errors at once, or the config with its warnings. */
export type ConfigResult =
  | { ok: true; config: Config; warnings: ConfigProblem[] }
  | { ok: false; errors: ConfigProblem[] };

function pathOf(path: ReadonlyArray<PropertyKey>): string {
  return (
    path
      .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
      .join("")
      .replace(/^\./, "") || "(root)"
  );
}

function issuesOf(error: z.ZodError): ConfigProblem[] {
  return error.issues.map((issue) => ({ path: pathOf(issue.path), message: issue.message }));
}

const BARE_IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** True when a URL's host is a bare IP address, which Workers cannot fetch in production. */
export function hasBareIpHost(url: string): boolean {
  const host = new URL(url).hostname;
  return BARE_IPV4.test(host) || host.startsWith("[");
}

function warningsOf(config: Config): ConfigProblem[] {
  const warnings: ConfigProblem[] = [];
  config.services.forEach((service, i) => {
    for (const key of ["healthUrl", "agentUrl"] as const) {
      const url = service[key];
      if (url && hasBareIpHost(url)) {
        warnings.push({
          path: `services[${i}].${key}`,
          message: `${url} uses a bare IP address; Workers cannot fetch bare IPs in production (fine locally)`,
        });
      }
    }
  });
  for (const message of budgetWarnings(config)) {
    warnings.push({ path: config.plan === "paid" ? "plan" : "services", message });
  }
  return warnings;
}

/** Parses a raw config (object or JSON text) and reports every bad field with its path. */
export function parseConfig(raw: unknown): ConfigResult {
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch (error) {
      return {
        ok: false,
        errors: [{ path: "(root)", message: `not valid JSON: ${(error as Error).message}` }],
      };
    }
  }
  if (value === undefined || value === null) {
    return { ok: false, errors: [{ path: "(root)", message: "WATCHDOG_CONFIG is not set" }] };
  }
  const parsed = configSchema.safeParse(value);
  if (!parsed.success) return { ok: false, errors: issuesOf(parsed.error) };
  return { ok: true, config: parsed.data, warnings: warningsOf(parsed.data) };
}

/** One line per problem, for logs, `/health` and `config:check`. */
export function formatProblems(problems: ConfigProblem[]): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join("\n");
}

const cache = new WeakMap<object, ConfigResult>();
let lastText: { text: string; result: ConfigResult } | undefined;

/**
 * Parses the config in force once per isolate: the `WATCHDOG_CONFIG` override (an object binding,
 * or JSON text from `--var` or a secret), else the bundled watchdog.config.ts section that
 * `WATCHDOG_ENV` names.
 */
export function configFromEnv(env: ConfigBindings): ConfigResult {
  const raw = rawConfigOf(env);
  if (raw === undefined) {
    const message = `watchdog.config.ts has no "${env.WATCHDOG_ENV}" section (WATCHDOG_ENV) and WATCHDOG_CONFIG is not set`;
    return { ok: false, errors: [{ path: "(root)", message }] };
  }
  if (typeof raw === "object" && raw !== null) {
    const hit = cache.get(raw);
    if (hit) return hit;
    const result = parseConfig(raw);
    cache.set(raw, result);
    return result;
  }
  if (typeof raw === "string") {
    if (lastText?.text !== raw) lastText = { text: raw, result: parseConfig(raw) };
    return lastText.result;
  }
  return parseConfig(raw);
}
