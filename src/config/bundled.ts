import configs from "../../watchdog.config";
import type { WatchdogConfigs } from "./define";

/** What a Worker's bindings say about its config: an override, or which bundled section. */
export interface ConfigBindings {
  /** A whole config as an object or JSON text; wins over the bundled file (local runs, tests). */
  WATCHDOG_CONFIG?: unknown;
  /** The section of `watchdog.config.ts` to run (`[env.<name>.vars]`); `default` when unset. */
  WATCHDOG_ENV?: string;
}

/** Where the config in force came from, for messages. */
export function configSource(env: ConfigBindings): string {
  return env.WATCHDOG_CONFIG !== undefined
    ? "WATCHDOG_CONFIG"
    : `watchdog.config.ts (${env.WATCHDOG_ENV ?? "default"})`;
}

/**
 * The raw config a Worker runs: the `WATCHDOG_CONFIG` override when set, else the bundled
 * section named by `WATCHDOG_ENV`. Undefined when that section does not exist. The bundled
 * objects are module constants, so a parse cached per object holds for the isolate's life.
 */
export function rawConfigOf(env: ConfigBindings, bundled: WatchdogConfigs = configs): unknown {
  if (env.WATCHDOG_CONFIG !== undefined) return env.WATCHDOG_CONFIG;
  return bundled[env.WATCHDOG_ENV ?? "default"];
}

/** The environments the bundled file defines. */
export function bundledEnvironments(bundled: WatchdogConfigs = configs): string[] {
  return Object.keys(bundled);
}
