declare namespace Cloudflare {
  interface Env {
    /** The committed demo config from wrangler.toml as JSON text; `WATCHDOG_CONFIG` is the test config. */
    DEMO_CONFIG: string;
  }
}
