import * as z from "zod";

/** Cloudflare's `locationHint` regions; a Durable Object is created near the one it is given. */
export const LOCATION_HINTS = ["wnam", "enam", "sam", "weur", "eeur", "apac", "oc", "afr", "me"] as const;
/** One of Cloudflare's `locationHint` regions. */
export type LocationHint = (typeof LOCATION_HINTS)[number];
const locationHint = z.enum(LOCATION_HINTS);

/** Opt-in second opinion: where the home probe runs, and where a failure is re-checked from. */
export const vantageSchema = z
  .object({
    /** Region of the service's own Durable Object, which runs the regular probes. */
    home: locationHint,
    /** Region of the second Durable Object that repeats the health check before a P1 opens. */
    second: locationHint,
  })
  .refine((v) => v.home !== v.second, { message: "second must differ from home", path: ["second"] });
/** A parsed second-vantage setting. */
export type VantageSetting = z.infer<typeof vantageSchema>;
