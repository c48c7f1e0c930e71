import * as z from "zod";

/** `publicStatus`: a status page anyone may read, off by default (issue 15). */
export const publicStatusSchema = z.object({
  /** Serve `/public` (and `/`) and `/badge/<id>.svg` without a token. */
  enabled: z.boolean().default(false),
  /** The page's heading. */
  title: z.string().trim().min(1).max(100).default("Status"),
  /** Ids of the services it shows, in this order; the others stay private. */
  services: z.array(z.string().min(1)).max(200).default([]),
  /** Seconds a CDN or browser may cache the page and badges (stale-while-revalidate is five times that). */
  maxAge: z.number().int().min(0).max(3600).default(60),
});
/** The parsed `publicStatus`. */
export type PublicStatus = z.infer<typeof publicStatusSchema>;

/** Refuses a public page that names a service the config does not watch. */
export const publicStatusCheck = z.superRefine<{
  services: readonly { id: string }[];
  publicStatus: PublicStatus;
}>(
  (config, ctx) => {
    const ids = new Set(config.services.map((s) => s.id));
    config.publicStatus.services.forEach((id, i) => {
      if (!ids.has(id))
        ctx.addIssue({
          code: "custom",
          path: ["publicStatus", "services", i],
          message: `unknown service ${id}`,
        });
    });
  },
  {
    when: (payload) => {
      const v = payload.value as { services?: unknown; publicStatus?: { services?: unknown } } | undefined;
      return Array.isArray(v?.services) && Array.isArray(v?.publicStatus?.services);
    },
  },
);
