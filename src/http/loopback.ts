import type { Context } from "hono";

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;
const LOOPBACK_IP = /^(?:127(?:\.\d{1,3}){3}|::1|::ffff:127(?:\.\d{1,3}){3})$/i;

/**
 * True for a request to and from this machine (`npm start`, `wrangler dev`, the e2e run). Behind
 * Cloudflare the URL carries the zone's host name and `CF-Connecting-IP` the real client, so a
 * deployed Worker never takes a request for a loopback one.
 */
export function isLoopback(c: Context): boolean {
  const client = c.req.header("CF-Connecting-IP");
  return (
    LOOPBACK_HOST.test(new URL(c.req.url).hostname) && (client === undefined || LOOPBACK_IP.test(client))
  );
}
