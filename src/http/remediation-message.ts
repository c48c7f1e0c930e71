import type { RemediationAction } from "../escalation/links";
import type { Locale } from "../escalation/message";
import type { Actor } from "../escalation/types";
import type { RemediationOutcome } from "../monitor/api";
import { formatUtcSeconds } from "../time-format";
import { fill, pageStrings } from "./i18n";

/**
 * The sentence shown after a remediation POST (issue 14 item 3): what the agent said, or why
 * nothing was done; undefined for the refusals the door turns into error pages.
 */
export function remediationMessage(
  locale: Locale,
  action: RemediationAction,
  outcome: RemediationOutcome,
  actor: Actor,
  now: number,
): string | undefined {
  const t = pageStrings(locale);
  if (outcome.ok) {
    const done = fill(t.done[action], { by: actor.by, at: formatUtcSeconds(now) });
    const said = outcome.agent.ok ? t.remediationResult.ok : t.remediationResult.failed;
    return `${done}. ${fill(said, { result: outcome.agent.detail })}`;
  }
  const who = { by: outcome.by ?? "?", at: formatUtcSeconds(outcome.at) };
  switch (outcome.refusal) {
    case "already_running":
      return fill(t.remediationRunning, who);
    case "already_done":
      return fill(t.remediationDone, who);
    case "no_agent":
      return t.remediationNoAgent;
    case "already_resolved":
      return fill(t.alreadyResolved, {
        by: outcome.incident?.resolvedBy ?? "?",
        at: formatUtcSeconds(outcome.incident?.resolvedAt),
      });
    default:
      return undefined;
  }
}
