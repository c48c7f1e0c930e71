import { renderWeeklyReport } from "../escalation/message";
import type { IncidentView } from "../escalation/types";
import { DAY_MS, type HistoryPoint, type Step, slaOf, uptimeOf } from "../history";
import { formatUtcDate } from "../time-format";
import { type DailyReportDeps, sendOnce } from "./daily-report";
import { sendToContacts } from "./notices";

/** What the weekly report reads besides the daily report's: each service's history and incidents. */
export interface WeeklyReportDeps extends Omit<DailyReportDeps, "snapshots"> {
  historyPoints(serviceId: string, from: number, to: number, step: Step): Promise<HistoryPoint[]>;
  incidents(serviceId: string): Promise<IncidentView[]>;
}

/**
 * The weekly SLA report, once a week at the configured UTC day and hour, by email to L2 (the
 * outbox when it is on): the week's uptime per service, incidents with MTTA/MTTR, SLA breaches
 * and postmortems still owed. Claimed once per week like the daily report, and given back when
 * nobody got it, so the next tick of the hour tries again.
 */
export async function sendWeeklyReport(deps: WeeklyReportDeps, scheduledTime: number): Promise<void> {
  const { weeklyReport } = deps.config;
  const at = new Date(scheduledTime);
  if (
    !weeklyReport.enabled ||
    at.getUTCDay() !== weeklyReport.dayUtc ||
    at.getUTCHours() !== weeklyReport.hourUtc
  )
    return;
  await sendOnce(deps, `weekly:${formatUtcDate(scheduledTime)}`, (key) =>
    renderAndSend(deps, key, scheduledTime),
  );
}

async function renderAndSend(deps: WeeklyReportDeps, key: string, scheduledTime: number): Promise<boolean> {
  const { config } = deps;
  const to = Math.floor(scheduledTime / DAY_MS) * DAY_MS;
  const from = to - 7 * DAY_MS;
  const per = await Promise.all(
    config.services.map(async (s) => ({
      name: s.name,
      // The calendar week's hours; a service whose object fails reads "no data".
      points: await deps.historyPoints(s.id, from, to, "1h").catch((): HistoryPoint[] => []),
      incidents: await deps.incidents(s.id).catch((): IncidentView[] => []),
    })),
  );
  const all = per.flatMap((p) => p.incidents);
  const week = all
    .filter((i) => i.openedAt >= from && i.openedAt < to)
    .sort((a, b) => a.openedAt - b.openedAt);
  const rendered = renderWeeklyReport(
    {
      from,
      to,
      services: per.map((p) => ({ name: p.name, uptime: uptimeOf(p.points) })),
      sla: slaOf(all, from, to, scheduledTime),
      incidents: week,
      // Flagged in the last 30 days: older ones were owed in earlier reports already.
      postmortems: all.filter((i) => i.postmortem !== undefined && i.openedAt >= to - 30 * DAY_MS),
    },
    config.locale,
  );
  // By email: L2's email contacts (every L2 contact goes to the outbox when it is on).
  const contacts = config.escalation.levels.L2.filter((c) => config.notify.outbox || c.channel === "email");
  return sendToContacts(deps, "L2", contacts, key, "weekly_report", rendered);
}
