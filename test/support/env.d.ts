declare namespace Cloudflare {
  interface Env {
    /** The committed demo config (watchdog.config.ts `default`) as JSON text. */
    DEMO_CONFIG: string;
    /** The test config, bound as the override of the bundled file (vitest.config.ts). */
    WATCHDOG_CONFIG: unknown;
  }
}
