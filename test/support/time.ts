/**
 * The fixed "now" of tests that assert times: Monday 2026-01-05 12:00 UTC. A test that needs
 * another hour (the daily report's) names its own constant and says why.
 */
export const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);
