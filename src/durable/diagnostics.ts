import { fetchDiagnostics } from "../checks/diagnostics-fetch";
import { incidentUrl } from "../escalation/links";
import { renderDiagnosticsNotice } from "../escalation/message/diagnostics";
import { sendToL1 } from "../monitor/notices";
import type { DiagnosticsPort } from "../monitor/ports";
import { probeUserAgentOf } from "./vantage";
import { noticeDeps } from "./wiring";

/**
 * The agent's diagnostics from the Durable Object: a signed GET to the agent's diagnostics
 * path, and the follow-up sent to L1 through the same channels as the page. `env` is read at
 * each call, never captured (tests swap bindings).
 */
export function diagnosticsPort(env: () => Env, now: () => number): DiagnosticsPort {
  return {
    ask: (service, request) =>
      fetchDiagnostics(service, request, {
        fetch: (input, init) => fetch(input, init),
        now,
        secret: env().AGENT_HMAC_SECRET ?? "",
        userAgent: probeUserAgentOf(env()),
      }),
    notify: (config, key, notice) => {
      const url = incidentUrl(config.publicUrl, notice.incidentId);
      const rendered = renderDiagnosticsNotice({ locale: config.locale, ...notice, incidentUrl: url });
      return sendToL1(noticeDeps(env(), config), key, "diagnostics", rendered);
    },
  };
}
