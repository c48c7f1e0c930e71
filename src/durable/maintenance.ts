import type { MaintenanceWindow } from "./state-api";

/** The window covering `now` that ends last, if any. */
export function activeWindow(
  windows: readonly MaintenanceWindow[],
  now: number,
): MaintenanceWindow | undefined {
  let best: MaintenanceWindow | undefined;
  for (const w of windows) {
    if (w.start <= now && now < w.end && (!best || w.end > best.end)) best = w;
  }
  return best;
}
