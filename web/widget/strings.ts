import type { Lang } from './types';
import { widget as en } from '../../locales/en/web.json';
import { widget as fr } from '../../locales/fr/web.json';

/** The widget's own words (buttons, labels, errors), from locales/{en,fr}/web.json at build time. */
export type WidgetStrings = typeof en;

export const STRINGS: Record<Lang, WidgetStrings> = { en, fr };

/** Fills `{{name}}` placeholders, as i18next does on the server. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? '');
}
