import { truncate } from "./text";
import type { MessageModel } from "./types";

/** Limits applied to a model before escaping, loosest first. */
export interface Budget {
  /** Longest any single line may be. */
  line: number;
  /** Newest actions kept (the automatic-checks line counts as one). */
  actions: number;
  /** Most severe symptoms kept. */
  symptoms: number;
  /** Runbook sections kept. */
  runbooks: number;
  /** Commands kept per runbook section. */
  commands: number;
}

/**
 * Tighter and tighter budgets for Telegram's 4096-character limit. The last one bounds
 * the message whatever the input: ~11 lines of at most 60 characters, each at most 5×
 * longer once escaped, is well under the limit.
 */
export const BUDGETS: readonly Budget[] = [
  { line: 500, actions: 30, symptoms: 20, runbooks: 4, commands: 10 },
  { line: 300, actions: 12, symptoms: 10, runbooks: 3, commands: 8 },
  { line: 200, actions: 6, symptoms: 8, runbooks: 2, commands: 5 },
  { line: 120, actions: 3, symptoms: 5, runbooks: 1, commands: 3 },
  { line: 80, actions: 1, symptoms: 3, runbooks: 1, commands: 1 },
  { line: 60, actions: 0, symptoms: 2, runbooks: 0, commands: 0 },
];

/** Applies a budget: cuts long lines with "…", drops the oldest actions and the least severe symptoms. */
export function shrink(model: MessageModel, b: Budget): MessageModel {
  const cut = (s: string) => truncate(s, b.line);
  const total = model.actions.length + model.actionsOmitted;
  // The first action is the watchdog's own summary; keep it and the newest timeline entries.
  let actions: string[] = [];
  if (b.actions >= 1 && model.actions.length > 0) {
    const [first, ...rest] = model.actions;
    actions = [
      ...(first === undefined ? [] : [first]),
      ...rest.slice(Math.max(0, rest.length - (b.actions - 1))),
    ];
  }
  const symptoms = model.symptoms.slice(0, b.symptoms);
  return {
    ...model,
    headline: cut(model.headline),
    subject: cut(model.subject),
    facts: model.facts.map((f) => ({ label: f.label, value: cut(f.value) })),
    ...(model.text === undefined ? {} : { text: truncate(model.text, b.line * 2) }),
    symptoms: symptoms.map(cut),
    symptomsOmitted: model.symptomsOmitted + model.symptoms.length - symptoms.length,
    actions: actions.map(cut),
    actionsOmitted: total - actions.length,
    needed: model.needed.slice(0, 4).map(cut),
    sla: model.sla.slice(0, 3).map(cut),
    runbook: model.runbook.slice(0, b.runbooks).map((r) => ({
      ...r,
      title: cut(r.title),
      ...(r.hint === undefined || b.commands === 0 ? {} : { hint: cut(r.hint) }),
      commands: r.commands.slice(0, b.commands).map(cut),
    })),
  };
}
