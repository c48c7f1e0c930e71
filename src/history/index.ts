/** The history a service keeps and the figures read from it (issue 15). */

export { BLOCK_MS, BLOCK_SLOTS, blockOf, mergeMinutes, urgentMinute } from "./blocks";
export { group, HistoryBook, type HistoryRows, MAX_GAP_MS, type Observation } from "./book";
export { type Bucket, emptyBucket, mergeBuckets } from "./bucket";
export {
  type Breach,
  type Latency,
  latencyOf,
  type SeverityFigures,
  type SlaFigures,
  slaOf,
  type Uptime,
  uptimeOf,
} from "./figures";
export { MemoryHistoryRows } from "./memory-rows";
export { type HistoryPoint, pointOf, STEPS, type Step } from "./points";
export {
  type DayCell,
  type HistorySummary,
  summaryOf,
  WINDOWS,
  type WindowName,
  windowUptime,
} from "./summary";
export { DAY_MS, floorTo, HOUR_MS, KEEP, MINUTE_MS, RESOLUTIONS, type Resolution, slotOf } from "./time";
