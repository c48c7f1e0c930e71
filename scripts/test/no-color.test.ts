import { once } from "node:events";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { colourStripper, noColorWanted, spawnHonouringNoColor } from "../no-color.ts";

/** What wrangler 4.164 printed under `wrangler dev` with NO_COLOR=1 for the Worker's invalid-config line. */
const WRANGLER_ERROR =
  "\u001b[31m✘ \u001b[41;31m[\u001b[41;97mERROR\u001b[41;31m]\u001b[0m \u001b[1mtick skipped: invalid config:\u001b[0m\n\n" +
  "  publicUrl: must be an http(s) URL\n  services: Invalid input: expected array, received undefined\n\n";
const PLAIN =
  "✘ [ERROR] tick skipped: invalid config:\n\n" +
  "  publicUrl: must be an http(s) URL\n  services: Invalid input: expected array, received undefined\n\n";

/** Runs a child that prints `text` on stderr, the way the dev runners spawn wrangler; returns what reached us. */
async function throughRunner(text: string, env: NodeJS.ProcessEnv): Promise<string> {
  const sink = new PassThrough();
  let seen = "";
  sink.on("data", (b: Buffer) => {
    seen += b.toString("utf8");
  });
  // Written in two pieces that cut an escape sequence, as a pipe may deliver it.
  const cut = text.indexOf("[41;97m");
  const script = `process.stderr.write(${JSON.stringify(text.slice(0, cut))}); setTimeout(() => process.stderr.write(${JSON.stringify(text.slice(cut))}), 50);`;
  const child = spawnHonouringNoColor(
    process.execPath,
    ["-e", script],
    { env },
    { stdout: sink, stderr: sink },
  );
  await once(child, "close");
  return seen;
}

describe("NO_COLOR", () => {
  it("issue 13 item 13: under NO_COLOR the invalid-config log line reaches the terminal without colour codes", async () => {
    const seen = await throughRunner(WRANGLER_ERROR, { ...process.env, NO_COLOR: "1" });
    expect(seen).toBe(PLAIN);
    expect(seen).not.toContain("\u001b");
  });

  it("issue 13 item 13: NO_COLOR counts only when set and not empty (no-color.org)", () => {
    expect(noColorWanted({ NO_COLOR: "1" })).toBe(true);
    expect(noColorWanted({ NO_COLOR: "0" })).toBe(true);
    expect(noColorWanted({ NO_COLOR: "" })).toBe(false);
    expect(noColorWanted({})).toBe(false);
  });

  it("issue 13 item 13: the stripper holds a sequence cut between chunks and never loses text", () => {
    const strip = colourStripper();
    const chunks = ["ok \u001b[3", "1mred\u001b", "[0m done", " \u001b"];
    expect(chunks.map((c) => strip.write(c)).join("") + strip.end()).toBe("ok red done ");
    // A stray ESC that never becomes a sequence is dropped, the text around it kept.
    const stray = colourStripper();
    expect(stray.write(`a\u001b${"b".repeat(40)}`) + stray.end()).toBe(
      `a${"b".repeat(40)}`.replace("\u001b", ""),
    );
  });
});
