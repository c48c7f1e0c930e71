import { html } from "hono/html";
import type { Config, Level } from "../config/schema";
import { remediationLink } from "../escalation/links";
import type { IncidentView } from "../escalation/types";
import { stillFailingNote } from "../monitor/remediation-entry";
import { pageStrings } from "./i18n";
import type { Html } from "./layout";

/**
 * "Restart bot" on the incident page (issue 14 item 3): a signed link to the confirmation
 * page, only for a live incident of a service with an agent; `level` is the viewer's link's.
 * After a restart that left it still failing, "Full restart" too.
 */
export async function restartLink(
  config: Config,
  incident: IncidentView,
  level: Level,
  key: string,
  now: number,
): Promise<Html | ""> {
  const agent = config.services.find((s) => s.id === incident.serviceId)?.agentUrl;
  if (!agent || !key || incident.status === "resolved") return "";
  const ctx = { key, publicUrl: config.publicUrl, ttlMs: config.linkTtl, now };
  const t = pageStrings(config.locale);
  const url = await remediationLink(incident, level, "restart-app", ctx);
  const failed = incident.timeline.some(
    (e) => e.kind === "note" && e.text === stillFailingNote("restart-app"),
  );
  const full = failed ? await remediationLink(incident, level, "restart-stack", ctx) : undefined;
  return html`<p><a href="${url}">${t.submit["restart-app"]}</a>${full ? html` · <a href="${full}">${t.submit["restart-stack"]}</a>` : ""}</p>`;
}
