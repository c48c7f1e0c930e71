import type { AlarmPort } from "./ports";

/**
 * Arms the object's one alarm at the earliest of `wakes`, or clears it when there is none. An
 * alarm already set for that time is not set again: each `setAlarm` is a row written.
 */
export async function armEarliest(alarm: AlarmPort, wakes: readonly (number | undefined)[]): Promise<void> {
  const due = wakes.filter((t): t is number => t !== undefined);
  const wake = due.length > 0 ? Math.min(...due) : undefined;
  const current = await alarm.get();
  if (wake === undefined) {
    if (current !== null) await alarm.delete();
  } else if (current !== wake) await alarm.set(wake);
}
