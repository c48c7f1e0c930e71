import { en } from "./locale-en";
import { ru } from "./locale-ru";
import type { Strings } from "./strings";
import type { Locale } from "./types";

const ALL: Record<Locale, Strings> = { ru, en };

/** The strings of one language. */
export function strings(locale: Locale): Strings {
  return ALL[locale];
}
