import { html } from "hono/html";
import type { LinkClaims } from "../escalation/links";
import type { Locale } from "../escalation/message";
import type { IncidentView } from "../escalation/types";
import type { HttpErrorCode } from "./errors";
import { pageStrings } from "./i18n";
import { type Html, incidentSummary, page } from "./layout";

/** The GET page of a link: shows the incident and a form; changes nothing and runs no script. */
export function confirmPage(
  locale: Locale,
  claims: LinkClaims,
  incident: IncidentView,
  problem?: string,
): Html {
  const t = pageStrings(locale);
  const noteLabel = claims.a === "note" ? t.noteRequired : t.note;
  return page(
    locale,
    t.confirmTitle[claims.a],
    html`<h1>${t.confirmTitle[claims.a]}</h1>
${incidentSummary(locale, incident)}
<p>${t.actingAs} <strong>${claims.l}</strong></p>
${problem ? html`<p class="error">${problem}</p>` : ""}
<form method="post" action="">
<input type="hidden" name="action" value="${claims.a}">
<label for="name">${t.name}</label>
<input id="name" name="name" maxlength="100" autocomplete="name" placeholder="${t.namePlaceholder}">
<label for="note">${noteLabel}</label>
<textarea id="note" name="note" rows="3" maxlength="2000"${claims.a === "note" ? html` required` : ""}></textarea>
<button type="submit">${t.submit[claims.a]}</button>
</form>`,
  );
}

/** The page after a POST: what happened (or had already happened), and the incident now. */
export function resultPage(locale: Locale, message: string, incident: IncidentView | undefined): Html {
  const t = pageStrings(locale);
  return page(
    locale,
    message,
    html`<p class="result" role="status">${message}</p>
${incident ? incidentSummary(locale, incident) : ""}
<p class="muted">${t.incident}: ${incident?.id ?? ""}</p>`,
  );
}

/** A refusal: title and explanation for the code; nothing was changed. */
export function errorPage(locale: Locale, code: HttpErrorCode, detail?: string): Html {
  const t = pageStrings(locale);
  const text = t.errors[code] ?? t.errors.other;
  return page(
    locale,
    text.title,
    html`<div class="error"><h1>${text.title}</h1><p>${text.body}</p>${detail ? html`<p class="muted">${detail}</p>` : ""}</div>`,
  );
}
