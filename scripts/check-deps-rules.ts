/**
 * Proves the import rules in .dependency-cruiser.cjs fail the build: runs the same `depcruise`
 * command as `npm run deps` on two throwaway trees shaped like src/, one breaking every rule
 * once and one using only allowed imports, and checks the exit codes and the rules reported.
 * Run by `npm run check`; spawning processes is not possible inside the Workers test runtime.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const depcruise = join(root, "node_modules", ".bin", "depcruise");
const config = join(root, ".dependency-cruiser.cjs");

/** Files of a fixture tree: path under the tree's root → source. */
type Tree = Record<string, string>;

/** Targets the fixtures import; present in both trees so every import resolves. */
const leaves: Tree = {
  "src/checks/types.ts": "export type Severity = 'P1';\n",
  "src/checks/cadence.ts": "export const GRACE = 1;\n",
  "src/durable/api.ts": "export type ActionTarget = { id: string };\n",
  "src/http/links.ts": "export const sign = 1;\n",
  "src/escalation/types.ts": "export type Action = { key: string };\n",
  "src/config/duration.ts": "export const SECOND = 1_000;\n",
  "src/durable/stubs.ts": "export const stub = 1;\n",
};

/** One bad import per rule, some type-only (as the real offenders were) to show those count too. */
const bad: Tree = {
  ...leaves,
  "src/escalation/core/operator.ts":
    'import type { ActionTarget } from "../../durable/api";\nexport type T = ActionTarget;\n',
  "src/durable/delivery.ts": 'import { sign } from "../http/links";\nexport const s = sign;\n',
  "src/monitor/engine.ts": 'import { stub } from "../durable/stubs";\nexport const e = stub;\n',
  "src/checks/probe.ts": 'import type { Action } from "../escalation/types";\nexport type A = Action;\n',
  "src/config/budget.ts": 'import { GRACE } from "../checks/cadence";\nexport const g = GRACE;\n',
  "src/history/book.ts":
    'import type { ActionTarget } from "../durable/api";\nexport type H = ActionTarget;\n',
  "src/http/a.ts": 'import { b } from "./b";\nexport const a = b;\n',
  "src/http/b.ts": 'import type { a } from "./a";\nexport const b = 1;\nexport type A = typeof a;\n',
  "src/http/c.ts": 'import { gone } from "./missing";\nexport const c = gone;\n',
};

/** Each rule with the import in `bad` that must trip it. */
const expected: { rule: string; from: string; to: string }[] = [
  {
    rule: "escalation-not-to-durable-or-http",
    from: "src/escalation/core/operator.ts",
    to: "src/durable/api.ts",
  },
  { rule: "durable-not-to-http", from: "src/durable/delivery.ts", to: "src/http/links.ts" },
  { rule: "monitor-not-to-durable-or-http", from: "src/monitor/engine.ts", to: "src/durable/stubs.ts" },
  {
    rule: "checks-not-to-escalation-durable-or-http",
    from: "src/checks/probe.ts",
    to: "src/escalation/types.ts",
  },
  { rule: "config-only-to-config-and-findings", from: "src/config/budget.ts", to: "src/checks/cadence.ts" },
  { rule: "history-only-to-config-and-types", from: "src/history/book.ts", to: "src/durable/api.ts" },
  { rule: "no-circular", from: "src/http/a.ts", to: "src/http/b.ts" },
  { rule: "not-to-unresolvable", from: "src/http/c.ts", to: "./missing" },
];

/** Imports the rules allow, so a rule that forbids too much fails here. */
const good: Tree = {
  ...leaves,
  "src/config/schema.ts":
    'import type { Severity } from "../checks/types";\nimport { SECOND } from "./duration";\nexport type S = Severity;\nexport const t = SECOND;\n',
  "src/checks/probe.ts": 'import { t } from "../config/schema";\nexport const p = t;\n',
  "src/escalation/core/state.ts":
    'import type { S } from "../../config/schema";\nimport type { Action } from "../types";\nexport type X = S | Action;\n',
  "src/monitor/engine.ts":
    'import type { X } from "../escalation/core/state";\nimport { p } from "../checks/probe";\nexport const e = p;\nexport type W = X;\n',
  "src/durable/monitor.ts":
    'import type { X } from "../escalation/core/state";\nimport { e } from "../monitor/engine";\nexport const m = e;\nexport type Y = X;\n',
  "src/history/figures.ts":
    'import type { S } from "../config/schema";\nimport type { Action } from "../escalation/types";\nimport type { Severity } from "../checks/types";\nexport type F = S | Action | Severity;\n',
  "src/http/app.ts":
    'import { m } from "../durable/monitor";\nimport type { ActionTarget } from "../durable/api";\nexport const h = m;\nexport type Z = ActionTarget;\n',
};

/** Runs `npm run deps`'s command on a tree; the default `err` output is the one that sets the exit code. */
function cruise(tree: Tree): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), "deps-rules-"));
  try {
    const files: Tree = {
      ...tree,
      "tsconfig.json": '{ "compilerOptions": { "moduleResolution": "Bundler" } }',
    };
    for (const [path, source] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), source);
    }
    const run = spawnSync(depcruise, ["src", "--config", config], { cwd: dir, encoding: "utf8" });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** True when the report names `rule` on the import `from → to` (a cycle lists its next hop after the arrow). */
function reports(output: string, { rule, from, to }: { rule: string; from: string; to: string }): boolean {
  return new RegExp(`error ${literal(rule)}: ${literal(from)} →\\s+${literal(to)}\\s`).test(output);
}

const failures: string[] = [];

const broken = cruise(bad);
if (broken.status === 0 || broken.status === null)
  failures.push(`depcruise exited ${broken.status} on the bad tree; a violation must fail the build`);
for (const violation of expected) {
  if (!reports(broken.output, violation))
    failures.push(`rule ${violation.rule} did not flag ${violation.from} → ${violation.to}`);
}

const clean = cruise(good);
if (clean.status !== 0)
  failures.push(`allowed imports were refused (exit ${clean.status}):\n${clean.output}`);

if (failures.length > 0) {
  console.error(
    `import rules check failed:\n${failures.join("\n")}\n\ndepcruise on the bad tree said:\n${broken.output}`,
  );
  process.exit(1);
}
console.log(
  `import rules check: ${expected.length} rules each fail the build on a bad import; allowed imports pass`,
);
