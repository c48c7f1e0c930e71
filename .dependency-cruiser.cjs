// Which folder of src/ may import which (STYLE.md: data flows one way, probe → findings →
// incident state → actions → notifiers). `npm run deps` fails on any violation;
// scripts/check-deps-rules.ts proves each rule fires.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "An import cycle means two modules are one idea, or one of them is in the wrong folder.",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "escalation-not-to-durable-or-http",
      comment: "Escalation decides and notifies; the engine, persistence and the HTTP door sit above it.",
      severity: "error",
      from: { path: "^src/escalation/" },
      to: { path: "^src/(durable|http|monitor)/" },
    },
    {
      name: "monitor-not-to-durable-or-http",
      comment:
        "The engine is plain code with injected dependencies; the Durable Objects adapt it, not the reverse.",
      severity: "error",
      from: { path: "^src/monitor/" },
      to: { path: "^src/(durable|http)/" },
    },
    {
      name: "durable-not-to-http",
      comment: "The Durable Objects persist state and set alarms; the HTTP door calls them, not the reverse.",
      severity: "error",
      from: { path: "^src/durable/" },
      to: { path: "^src/http/" },
    },
    {
      name: "checks-not-to-escalation-durable-or-http",
      comment: "Checks turn the outside world into findings and know nothing of what happens to them.",
      severity: "error",
      from: { path: "^src/checks/" },
      to: { path: "^src/(escalation|durable|http|monitor)/" },
    },
    {
      name: "history-only-to-config-and-types",
      comment:
        "The history is a pure model fed by the engine: it may read config, the finding and incident types, nothing that does I/O.",
      severity: "error",
      from: { path: "^src/history/" },
      to: {
        path: "^src/",
        pathNot: ["^src/history/", "^src/config/", "^src/checks/types\\.ts$", "^src/escalation/types\\.ts$"],
      },
    },
    {
      name: "config-only-to-config-and-findings",
      comment: "Config is read by everyone, so it may only use its own files and the finding vocabulary.",
      severity: "error",
      from: { path: "^src/config/" },
      to: { path: "^src/", pathNot: ["^src/config/", "^src/checks/types\\.ts$"] },
    },
    {
      name: "not-to-unresolvable",
      comment:
        "An import the cruiser cannot resolve would slip past every path rule above; cloudflare:* is the runtime's own.",
      severity: "error",
      from: { path: "^src/" },
      to: { couldNotResolve: true, pathNot: "^cloudflare:" },
    },
  ],
  options: {
    // Type-only imports couple modules too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
    // Resolve packages by their `exports` map, as the bundler does (hono/html and friends).
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "types", "default"],
    },
  },
};
