import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { Finding } from "../checks/types";
import { describeFinding, type Locale, strings as messageStrings } from "../escalation/message";
import type { IncidentView } from "../escalation/types";
import { formatUtcSeconds } from "../time-format";
import { pageStrings } from "./i18n";

/** What `hono/html` templates produce. */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const STYLE = `body{font-family:system-ui,sans-serif;max-width:48rem;margin:1.5rem auto;padding:0 1rem;line-height:1.45;color:#1b1b1b}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
.P1{color:#b00020;font-weight:700}.P2{color:#c65100;font-weight:700}.P3{color:#8a6d00}.P4{color:#555}
label{display:block;margin-top:.8rem}input,textarea{width:100%;box-sizing:border-box;font:inherit;padding:.4rem}
button{margin-top:1rem;font:inherit;padding:.5rem 1.2rem}.result{font-size:1.2rem;font-weight:600}
.error{border-left:4px solid #b00020;padding-left:1rem}.muted{color:#666}`;

/** The page shell: no scripts, no external resources. */
export function page(locale: Locale, title: string, body: Html): Html {
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>`;
}

/** One finding as a person reads it, in the page's language (the same sentence the messages use). */
export function findingText(locale: Locale, f: Finding): string {
  return describeFinding(f, messageStrings(locale));
}

/** Service, severity, status, opening time and findings of one incident. */
export function incidentSummary(locale: Locale, incident: IncidentView): Html {
  const t = pageStrings(locale);
  return html`<table>
<tr><th>${t.incident}</th><td>${incident.id}</td></tr>
<tr><th>${t.service}</th><td>${incident.serviceName}</td></tr>
<tr><th>${t.severity}</th><td class="${incident.severity}">${incident.severity}</td></tr>
<tr><th>${t.state}</th><td>${t.status[incident.status]}</td></tr>
<tr><th>${t.openedAt}</th><td>${formatUtcSeconds(incident.openedAt)}</td></tr>
<tr><th>${t.findings}</th><td>${
    incident.findings.length === 0
      ? t.noFindings
      : html`<ul>${incident.findings.map((f) => html`<li>${findingText(locale, f)}</li>`)}</ul>`
  }</td></tr>
</table>`;
}
