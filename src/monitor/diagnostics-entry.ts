import type { DiagnosticsSnapshot } from "../checks/diagnostics";

/** A diagnostics snapshot kept with its incident, or the reason there is none (issue 14). */
export type StoredDiagnostics = {
  incidentId: string;
  /** When the answer (or the failure) arrived. */
  at: number;
  /** Why it was taken: the incident opened at P1/P2, or an operator asked. */
  trigger: "opened" | "on_demand";
  /** The 3–5 telling lines sent after the page. */
  summary: string[];
} & ({ ok: true; snapshot: DiagnosticsSnapshot } | { ok: false; reason: string });
