import * as z from "zod";

/** An http(s) URL field: services, the Worker itself and the notifiers' APIs. */
export const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });
