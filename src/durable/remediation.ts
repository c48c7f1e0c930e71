import { runAgentAction } from "../checks/agent-action";
import { incidentUrl, remediationLink } from "../escalation/links";
import { renderRemediationNotice } from "../escalation/message/remediation";
import { sendToLevel } from "../monitor/notices";
import type { RemediationPort } from "../monitor/ports";
import { noticeDeps } from "./wiring";

/** The agent waits for the app's healthcheck (120 s by default); the POST waits a little longer. */
const ACTION_TIMEOUT_MS = 150_000;

/**
 * Remediation from the Durable Object: the signed action POST to the agent, and the notice of
 * what it came to, rendered per level already paged (each with its own signed "Full restart"
 * link after a failed restart). `env` is read at each call, never captured (tests swap bindings).
 */
export function remediationPort(env: () => Env, now: () => number): RemediationPort {
  return {
    run: (service, request) =>
      runAgentAction(service, request, {
        fetch: (input, init) => fetch(input, init),
        now,
        secret: env().AGENT_HMAC_SECRET ?? "",
        timeoutMs: ACTION_TIMEOUT_MS,
      }),
    notify: async (config, key, notice) => {
      const linkKey = env().LINK_SIGNING_KEY;
      const ctx = { key: linkKey ?? "", publicUrl: config.publicUrl, ttlMs: config.linkTtl, now: now() };
      let delivered = false;
      for (const level of notice.levels) {
        const fullRestartUrl =
          notice.offerFullRestart && linkKey
            ? await remediationLink(
                { id: notice.incidentId, epoch: notice.epoch },
                level,
                "restart-stack",
                ctx,
              )
            : undefined;
        const rendered = renderRemediationNotice({
          locale: config.locale,
          ...notice,
          incidentUrl: incidentUrl(config.publicUrl, notice.incidentId),
          fullRestartUrl,
        });
        if (await sendToLevel(noticeDeps(env(), config), `${key}:${level}`, "remediation", rendered, level))
          delivered = true;
      }
      return delivered;
    },
  };
}
