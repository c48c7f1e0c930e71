import * as z from "zod";

/** Earliest instant a maintenance window may touch (2000-01-01 UTC). */
const MAINTENANCE_EARLIEST = Date.UTC(2000, 0, 1);
/** Latest instant a maintenance window may touch (2100-01-01 UTC): far inside JavaScript's Date range. */
const MAINTENANCE_LATEST = Date.UTC(2100, 0, 1);
/** Default longest maintenance window (`maxMaintenance`): a forgotten window must not silence paging for long. */
export const DEFAULT_MAX_MAINTENANCE = 7 * 86_400_000;

const BOUNDS = "must be between 2000-01-01 and 2100-01-01 UTC";

/** True when an instant (epoch ms) is a date a maintenance window may use. */
function saneInstant(ms: number): boolean {
  return Number.isFinite(ms) && ms >= MAINTENANCE_EARLIEST && ms <= MAINTENANCE_LATEST;
}

/** A window's start or end in epoch ms, within the sane years (the API's bodies pipe into it). */
export const maintenanceInstantMs = z.number().refine(saneInstant, { message: BOUNDS });

// Rounded up, so a window just over the maximum never reads as equal to it.
const days = (ms: number) => `${Math.ceil(ms / 864_000) / 100}d`;

/** Why a window from `start` to `end` (epoch ms) is longer than `max` allows, if it is. */
export function maintenanceTooLong(start: number, end: number, max: number): string | undefined {
  if (end - start <= max) return undefined;
  return `the window lasts ${days(end - start)}, longer than maxMaintenance (${days(max)})`;
}

/** An ISO 8601 instant with an offset, within the sane years. */
const instant = z.iso
  .datetime({ offset: true })
  .refine((s) => saneInstant(Date.parse(s)), { message: BOUNDS });

/** A planned window during which paging for a service is silenced. */
export const maintenanceWindowSchema = z
  .object({
    /** Start, ISO 8601 UTC. */
    start: instant,
    /** End, ISO 8601 UTC; at most `maxMaintenance` after start. */
    end: instant,
    /** Why: shown on the timeline and status page. */
    reason: z.string().min(1).max(500),
  })
  .refine((w) => Date.parse(w.end) > Date.parse(w.start), {
    message: "end must be after start",
    path: ["end"],
  });

/** What the length check reads: each service's windows and the configured maximum. */
interface MaintenanceInput {
  services: readonly { maintenance: readonly { start: string; end: string }[] }[];
  maxMaintenance: number;
}

/** Refuses a configured window longer than `maxMaintenance`, with the path of its end. */
export const maintenanceLengthCheck = z.superRefine<MaintenanceInput>(
  (config, ctx) => {
    config.services.forEach((service, i) => {
      service.maintenance.forEach((w, j) => {
        const why = maintenanceTooLong(Date.parse(w.start), Date.parse(w.end), config.maxMaintenance);
        if (why)
          ctx.addIssue({ code: "custom", path: ["services", i, "maintenance", j, "end"], message: why });
      });
    });
  },
  // Runs beside errors elsewhere, but only once the windows and the maximum parsed.
  {
    when: (payload) =>
      !payload.issues.some((i) => {
        const top = i.path?.[0];
        return top === undefined || top === "services" || top === "maxMaintenance";
      }),
  },
);
