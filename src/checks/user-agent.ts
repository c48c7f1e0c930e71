// A named import: the bundler keeps `version` and leaves the rest of package.json out.
import { version } from "../../package.json";

/** The watchdog's version, read from package.json when the Worker is built. */
export const WATCHDOG_VERSION: string = version;

/**
 * The User-Agent of every probe, e.g. `watchdog/0.1.0 (+https://watchdog.example.com)`. WAF
 * and bot rules answer 403 to an empty one, which would page; the URL tells the owner who asks.
 */
export function probeUserAgent(publicUrl?: string): string {
  return publicUrl ? `watchdog/${WATCHDOG_VERSION} (+${publicUrl})` : `watchdog/${WATCHDOG_VERSION}`;
}
