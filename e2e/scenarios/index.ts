import { browser } from "./browser.ts";
import type { Scenario } from "./common.ts";
import { flaky } from "./flaky.ts";
import { heartbeat } from "./heartbeat.ts";
import { history } from "./history.ts";
import { maintenance } from "./maintenance.ts";
import { noAck } from "./no-ack.ts";
import { outageAck } from "./outage-ack.ts";
import { previewBot } from "./preview-bot.ts";
import { promtool } from "./promtool.ts";
import { redisDown } from "./redis-down.ts";
import { restartFromLink } from "./restart.ts";
import { secondVantage } from "./second-vantage.ts";
import { subMinute } from "./sub-minute.ts";
import { telegram429 } from "./telegram-429.ts";

/** Every scenario, in run order. */
export const SCENARIOS: Scenario[] = [
  outageAck,
  noAck,
  flaky,
  redisDown,
  telegram429,
  previewBot,
  maintenance,
  subMinute,
  secondVantage,
  browser,
  history,
  // Late: its heartbeat is missed a minute after the run starts, while the others run.
  heartbeat,
  restartFromLink,
  // Last, so the scraped metrics carry what every scenario before it counted.
  promtool,
];
