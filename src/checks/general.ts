import type { CheckConfig, CheckKind } from "../config/checks";
import type { Service } from "../config/schema";
import type { CheckDeps, CheckRunner } from "./check-kind";
import { runDnsCheck } from "./dns-check";
import { runHttpCheck } from "./http-check";
import { runTcpCheck } from "./tcp-check";
import { DEFAULT_SEVERITY, type Finding } from "./types";

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

/**
 * Runs a service's general checks (`services[].checks`) at once and returns their findings,
 * with severities from the check, then the service, then the defaults. Never throws.
 */
export async function runGeneralChecks(
  service: Pick<Service, "checks" | "severities" | "thresholds">,
  deps: GeneralDeps,
): Promise<Finding[]> {
  const per = await Promise.all(
    service.checks.map(async (check) => {
      const timeoutMs = check.timeout ?? service.thresholds.timeout;
      const issues = await run(check, { ...deps, timeoutMs }).catch((error: unknown) => [
        {
          code: FAILED[check.kind],
          reason: `check crashed: ${error instanceof Error ? error.message : String(error)}`,
        },
      ]);
      return issues.map(
        (i): Finding => ({
          ...i,
          severity: check.severities[i.code] ?? service.severities[i.code] ?? DEFAULT_SEVERITY[i.code],
          check: "check",
          subject: checkLabel(check),
        }),
      );
    }),
  );
  return per.flat();
}
