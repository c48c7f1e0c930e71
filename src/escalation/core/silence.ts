import type { Service } from "../../config/schema";
import type { MaintenanceWindow } from "../types";

/** The window covering `now` that ends last, if any. */
export function activeWindow<W extends Pick<MaintenanceWindow, "start" | "end">>(
  windows: readonly W[],
  now: number,
): W | undefined {
  let best: W | undefined;
  for (const w of windows) {
    if (w.start <= now && now < w.end && (!best || w.end > best.end)) best = w;
  }
  return best;
}

/** The maintenance windows written in a service's config, in the shape the API stores them. */
export function configWindows(service: Pick<Service, "id" | "maintenance">): MaintenanceWindow[] {
  return service.maintenance.map((w, i) => ({
    id: `config-${i}`,
    serviceId: service.id,
    start: Date.parse(w.start),
    end: Date.parse(w.end),
    reason: w.reason,
    createdBy: "config",
  }));
}
