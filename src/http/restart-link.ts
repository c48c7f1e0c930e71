import { html } from "hono/html";
import type { Config, Level } from "../config/schema";
import { remediationLink } from "../escalation/links";
import type { IncidentView } from "../escalation/types";
import { pageStrings } from "./i18n";
import type { Html } from "./layout";

/**
 * "Restart bot" on the incident page (issue 14 item 3): a signed link to the confirmation
 * page, only for a live incident of a service with an agent; `level` is the viewer's link's.
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
  const url = await remediationLink(incident, level, "restart-app", ctx);
  return html`<p><a href="${url}">${pageStrings(config.locale).submit["restart-app"]}</a></p>`;
}
