import type { Finding } from "../checks/types";
import type { Config } from "../config/schema";
import { renderDailyReport } from "../escalation/message";
import { formatUtc, formatUtcDate } from "../time-format";
import type { ServiceSnapshot } from "./api";
import { type NoticeDeps, sendToL1 } from "./notices";

/** What the daily report reads and sends with: every service's snapshot, a once-a-day claim, and L1. */
export interface DailyReportDeps extends NoticeDeps {
  /** The snapshot of each service, in order; a blank one for an object that cannot answer. */
  snapshots(serviceIds: string[]): Promise<ServiceSnapshot[]>;
  /** True the first time `key` is claimed. */
  claimOnce(key: string): Promise<boolean>;
  /** Gives a claim back, so a report that could not be delivered is tried again. */
  releaseOnce(key: string): Promise<void>;
}

/**
 * The daily report, once a day at the configured UTC hour: the runbook's checklist as seen
 * by the last probes, open incidents, SLA breaches and P4 items, to L1.
 */
export async function sendDailyReport(deps: DailyReportDeps, scheduledTime: number): Promise<void> {
  const at = new Date(scheduledTime);
  if (at.getUTCHours() !== deps.config.dailyReportHourUtc) return;
  await sendOnce(deps, `daily:${formatUtcDate(scheduledTime)}`, (key) =>
    renderAndSend(deps, key, scheduledTime),
  );
}

/**
 * Sends a report once under `key`: claimed before anything is sent, and given back when nobody
 * got it (or sending failed midway), so the next tick of the hour tries again.
 */
export async function sendOnce(
  deps: Pick<DailyReportDeps, "claimOnce" | "releaseOnce">,
  key: string,
  send: (key: string) => Promise<boolean>,
): Promise<void> {
  if (!(await deps.claimOnce(key))) return;
  let delivered = false;
  try {
    delivered = await send(key);
  } finally {
    if (!delivered) await deps.releaseOnce(key);
  }
}

function versionFindings(snap: ServiceSnapshot): Finding[] {
  return (snap.versionChanges ?? []).map((v) => ({
    code: "version_changed",
    severity: "P4",
    check: "health",
    reason: `${v.from} → ${v.to} (${formatUtc(v.at)})`,
  }));
}

async function renderAndSend(deps: DailyReportDeps, key: string, scheduledTime: number): Promise<boolean> {
  const config: Config = deps.config;
  // One service whose object cannot answer is reported without its probe, not left out.
  const snaps = await deps.snapshots(config.services.map((s) => s.id));
  const snapshots = config.services.map((service, i) => ({
    service,
    snap: snaps[i] ?? { serviceId: service.id },
  }));
  const rendered = renderDailyReport(
    {
      services: snapshots.map(({ service, snap }) => ({
        name: service.name,
        ...(snap.lastProbe ? { lastProbe: snap.lastProbe } : {}),
        ...(snap.incident ? { openIncident: snap.incident } : {}),
      })),
      p4: Object.fromEntries(
        snapshots.map(({ service, snap }) => [
          service.name,
          [...(snap.lastProbe?.findings ?? []).filter((f) => f.severity === "P4"), ...versionFindings(snap)],
        ]),
      ),
      slaBreaches: snapshots.flatMap(({ service, snap }) =>
        (snap.incident?.slaBreaches ?? []).map((breach) => ({
          serviceName: service.name,
          incidentId: snap.incident?.id ?? "",
          severity: snap.incident?.severity ?? "P4",
          breach,
        })),
      ),
      date: scheduledTime,
    },
    config.locale,
  );
  return sendToL1(deps, key, "daily_report", rendered);
}
