/** One line of the result table. */
export interface Row {
  name: string;
  value: string;
  target: string;
  /** Whether the target is met; absent when the figure has no target. */
  ok?: boolean;
  note: string;
}

/** Prints rows as an aligned plain-text table on stdout. */
export function printTable(rows: readonly Row[]): void {
  const cells = rows.map((r) => [
    r.name,
    r.value,
    r.target,
    r.ok === undefined ? "" : r.ok ? "ok" : "MISS",
    r.note,
  ]);
  const header = ["figure", "value", "target", "", "notes"];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? "").length)));
  const line = (c: string[]) =>
    c
      .map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const c of cells) console.log(line(c));
}
