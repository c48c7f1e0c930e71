import type { Config, Service } from "../config/schema";
import type { SummaryAggregate, SummaryEntry } from "../monitor/summary";

/** One configured service with its latest summary; none until a tick has brought one. */
export interface SummaryRow {
  service: Service;
  summary?: SummaryEntry;
}

/**
 * Every configured service's summary, in config order, from the one aggregate the ticks keep in
 * WatchdogState (issue 17 item 5): one call whatever the number of services, where asking each
 * service's object cost a call apiece and passed the 1,000-subrequest limit near 1,000 services.
 * `at` is when a tick last brought summaries (undefined before the first).
 */
export function summaryRows(
  config: Pick<Config, "services">,
  aggregate: SummaryAggregate | undefined,
): { rows: SummaryRow[]; at?: number } {
  const byId = new Map((aggregate?.services ?? []).map((s) => [s.serviceId, s]));
  const rows = config.services.map((service): SummaryRow => {
    const summary = byId.get(service.id);
    return summary ? { service, summary } : { service };
  });
  return aggregate ? { rows, at: aggregate.at } : { rows };
}
