import type { ConfigInput } from "./schema";

/**
 * The configs of `watchdog.config.ts`, one per wrangler environment: `default` for the top
 * level (`npm start`), and one per `[env.<name>]` whose `WATCHDOG_ENV` var names it.
 */
export type WatchdogConfigs = { default: ConfigInput } & { [environment: string]: ConfigInput };

/** Types the bundled config file, so editors complete and check every field; returns it as is. */
export function defineConfig<const T extends WatchdogConfigs>(configs: T): T {
  return configs;
}
