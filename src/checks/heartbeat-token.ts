import { hmacHex } from "./signature";

/** Hex characters of a ping token: 128 bits of an HMAC-SHA256, short enough for a cron line. */
export const HEARTBEAT_TOKEN_LENGTH = 32;

/**
 * The secret part of a heartbeat's ping URL: HMAC-SHA256 of the service and heartbeat ids under
 * HEARTBEAT_SECRET, so the config carries no secret and a token names exactly one heartbeat.
 */
export async function heartbeatToken(
  secret: string,
  serviceId: string,
  heartbeatId: string,
): Promise<string> {
  const hex = await hmacHex(secret, `heartbeat\n${serviceId}\n${heartbeatId}`);
  return hex.slice(0, HEARTBEAT_TOKEN_LENGTH);
}
