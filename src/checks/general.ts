import type { CheckConfig, CheckKind } from "../config/checks";
import type { Service } from "../config/schema";
import type { CheckDeps, CheckRunner } from "./check-kind";
import { runDnsCheck } from "./dns-check";
import { runHttpCheck } from "./http-check";
import { runTcpCheck } from "./tcp-check";
import { type CheckOutcome, DEFAULT_SEVERITY, type Finding } from "./types";

/** One line per check kind: its runner. */
const RUNNERS: { [K in CheckKind]: CheckRunner<Extract<CheckConfig, { kind: K }>> } = {
  http: runHttpCheck,
  tcp: runTcpCheck,
  dns: runDnsCheck,
};

const FAILED = { http: "http_check_failed", tcp: "tcp_check_failed", dns: "dns_check_failed" } as const;

/** How a check is named in findings: its `name`, or what it probes. */
export function checkLabel(check: CheckConfig): string {
  if (check.kind === "dns") return `${check.name} ${check.type}`;
  if (check.name) return check.name;
  if (check.kind === "tcp") return `${check.host}:${check.port}`;
  const url = new URL(check.url);
  return `${url.host}${url.pathname === "/" ? "" : url.pathname}`;
}

function run<C extends CheckConfig>(check: C, deps: CheckDeps) {
  return (RUNNERS[check.kind] as CheckRunner<C>)(check, deps);
}

/** What general checks need besides each check's own timeout. */
export type GeneralDeps = Omit<CheckDeps, "timeoutMs">;

/** What a service's general checks saw: their findings and one outcome per check. */
export interface GeneralResult {
  findings: Finding[];
  outcomes: CheckOutcome[];
}

/**
 * Runs a service's general checks (`services[].checks`) at once: their findings, with
 * severities from the check, then the service, then the defaults, and each check's outcome
 * (pass or fail, latency). Never throws.
 */
export async function probeGeneralChecks(
  service: Pick<Service, "checks" | "severities" | "thresholds">,
  deps: GeneralDeps,
): Promise<GeneralResult> {
  const per = await Promise.all(
    service.checks.map(async (check) => {
      const timeoutMs = check.timeout ?? service.thresholds.timeout;
      const started = deps.now();
      const issues = await run(check, { ...deps, timeoutMs }).catch((error: unknown) => [
        {
          code: FAILED[check.kind],
          reason: `check crashed: ${error instanceof Error ? error.message : String(error)}`,
        },
      ]);
      const label = checkLabel(check);
      const [first] = issues;
      // Slow is a finding of a check that answered right: the check still counts as up.
      const outcome: CheckOutcome = {
        kind: check.kind,
        label,
        ok: !issues.some((i) => i.code === FAILED[check.kind]),
        latencyMs: Math.max(0, deps.now() - started),
        ...(first ? { reason: first.reason } : {}),
      };
      const findings = issues.map(
        (i): Finding => ({
          ...i,
          severity: check.severities[i.code] ?? service.severities[i.code] ?? DEFAULT_SEVERITY[i.code],
          check: "check",
          subject: label,
        }),
      );
      return { findings, outcome };
    }),
  );
  return { findings: per.flatMap((p) => p.findings), outcomes: per.map((p) => p.outcome) };
}
