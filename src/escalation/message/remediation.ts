import type { Config } from "../../config/schema";
import { formatUtcShort } from "../../time-format";
import { strings } from "./locales";
import type { Strings } from "./strings";
import { escapeHtml, escapeTelegram } from "./text";

/** What an operator-confirmed action came to, for everyone already paged (issue 14 item 3). */
export interface RemediationNoticeInput {
  locale: Config["locale"];
  serviceName: string;
  incidentId: string;
  action: keyof Strings["remediation"]["action"];
  /** Who asked for it, and when the POST came. */
  by: string;
  at: number;
  /** Healthy again (the incident resolved by the recovery rule), or still failing when the re-probes ran out. */
  outcome: "healthy" | "still_failing";
  /** Seconds from the POST to the resolution. */
  seconds: number;
  /** The service has no `/health`: its general checks passing is what "healthy" means. */
  checksOnly?: boolean;
  /** What the agent said, for "still failing". */
  detail: string;
  incidentUrl: string;
  /** The signed "Full restart" link offered after a failed restart. */
  fullRestartUrl?: string | undefined;
}

/** The short notice in every channel's format: one line, the full-restart link when offered, the incident. */
export function renderRemediationNotice(input: RemediationNoticeInput) {
  const t = strings(input.locale).remediation;
  const action = t.action[input.action];
  const at = formatUtcShort(input.at, input.at);
  const line =
    input.outcome === "healthy"
      ? (input.checksOnly ? t.checksPassing : t.healthy)(action, input.by, at, input.seconds)
      : t.stillFailing(action, input.by, at, input.detail);
  const subject = `${input.serviceName}: ${line}`;
  const links: [string, string][] = [
    ...(input.fullRestartUrl ? [[t.fullRestart, input.fullRestartUrl] as [string, string]] : []),
    [`${t.open} ${input.incidentId}`, input.incidentUrl],
  ];
  const telegramHtml = [
    `${input.outcome === "healthy" ? "✅" : "⚠️"} <b>${escapeTelegram(subject)}</b>`,
    ...links.map(([label, url]) => `<a href="${escapeTelegram(url)}">${escapeTelegram(label)}</a>`),
  ].join("\n");
  const text = [subject, "", ...links.map(([label, url]) => `${label}: ${url}`)].join("\n");
  const html = `<p><b>${escapeHtml(subject)}</b></p>${links
    .map(([label, url]) => `<p><a href="${escapeHtml(url)}">${escapeHtml(label)}</a></p>`)
    .join("")}`;
  return { subject, telegramHtml, text, html };
}
