import { describe, expect, it } from "vitest";
import { CommandError, childEnvironment, createExecRunner } from "../src/runner.ts";

const run = createExecRunner({ PATH: process.env.PATH ?? "/usr/bin:/bin" });

describe("exec runner", () => {
  it("passes arguments literally, never through a shell", async () => {
    const result = await run("printf", ["%s|", "$(id)", "a b; echo pwned"], { timeoutMs: 2000 });
    expect(result).toEqual({ exitCode: 0, stdout: "$(id)|a b; echo pwned|", stderr: "" });
  });

  it("resolves with a non-zero exit code and stderr", async () => {
    const result = await run("ls", ["/definitely/not/here"], { timeoutMs: 2000 });
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/No such file/);
  });

  it("kills a command that outlives its timeout", async () => {
    const started = Date.now();
    const error = await run("sleep", ["5"], { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).code).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("refuses output over the cap", async () => {
    const error = await run("head", ["-c", "5000", "/dev/zero"], { timeoutMs: 2000, maxBytes: 1000 }).catch(
      (e: unknown) => e,
    );
    expect((error as CommandError).code).toBe("too_much_output");
  });

  it("says when the program is not installed", async () => {
    const error = await run("no-such-binary-xyz", [], { timeoutMs: 2000 }).catch((e: unknown) => e);
    expect((error as CommandError).code).toBe("not_found");
  });

  it("keeps the agent's variables, the secret above all, out of child processes", async () => {
    const env = childEnvironment({ PATH: process.env.PATH, AGENT_HMAC_SECRET: "top-secret", HOME: "/root" });
    expect(env).toEqual({ PATH: process.env.PATH, HOME: "/root" });
    const result = await createExecRunner(env)("env", [], { timeoutMs: 2000 });
    expect(result.stdout).not.toContain("top-secret");
  });

  it("streams lines of both streams to onLine, keeps only a stderr head, and still enforces the limits", async () => {
    const lines: string[] = [];
    const script =
      "process.stdout.write('a\\nb'); process.stdout.write('c\\n' + 'x'.repeat(200000) + '\\nd'); process.stderr.write('oops\\n'); process.exitCode = 3";
    const result = await run("node", ["-e", script], { timeoutMs: 5000, onLine: (l) => lines.push(l) });
    expect(result).toEqual({ exitCode: 3, stdout: "", stderr: "oops\n" });
    // The two streams interleave in arrival order; a last line without "\\n" comes at exit.
    expect(lines.map((l) => l.slice(0, 5)).sort()).toEqual(["a", "bc", "d", "oops", "xxxxx"]);
    expect(lines[2]?.length).toBe(64 * 1024);
    const onLine = () => {};
    const slow = await run("sleep", ["5"], { timeoutMs: 200, onLine }).catch((e: unknown) => e);
    expect((slow as CommandError).code).toBe("timeout");
    const big = await run("head", ["-c", "5000", "/dev/zero"], {
      timeoutMs: 2000,
      maxBytes: 1000,
      onLine,
    }).catch((e: unknown) => e);
    expect((big as CommandError).code).toBe("too_much_output");
    const missing = await run("no-such-binary-xyz", [], { timeoutMs: 2000, onLine }).catch((e: unknown) => e);
    expect((missing as CommandError).code).toBe("not_found");
  });
});
