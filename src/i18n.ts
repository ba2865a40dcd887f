import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next, { type TFunction } from 'i18next';
import { LANGS, type Lang } from './core/types';
import { PROJECT_ROOT } from './paths';

export const LOCALES_DIR = path.join(PROJECT_ROOT, 'locales');

export type Translate = TFunction;

/** Every string of one language: each file in locales/<lang>/ is a top-level key ("answers.ports.title"). */
export function readLocale(lang: Lang, dir = LOCALES_DIR): Record<string, unknown> {
  const resources: Record<string, unknown> = {};
  for (const file of readdirSync(path.join(dir, lang)).filter((f) => f.endsWith('.json')).sort()) {
    resources[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(path.join(dir, lang, file), 'utf8'));
  }
  return resources;
}

/**
 * The bot's translations. `forLang` hands out a translator fixed to one language, so two
 * users answered at the same moment in two languages never swap strings.
 */
export class Translations {
  private readonly instance = i18next.createInstance();

  constructor(dir = LOCALES_DIR) {
    const resources = Object.fromEntries(LANGS.map((lang) => [lang, { translation: readLocale(lang, dir) }]));
    void this.instance.init({
      resources,
      lng: 'en',
      fallbackLng: false,
      supportedLngs: [...LANGS],
      initAsync: false,
      // Renderers escape for their own platform; i18next must not HTML-escape.
      interpolation: { escapeValue: false },
      returnNull: false,
    } as Parameters<typeof this.instance.init>[0]);
  }

  forLang(lang: Lang): Translate {
    return this.instance.getFixedT(lang);
  }

  /** A list (e.g. guide steps) under a key, with interpolation applied to each item. */
  list(t: Translate, key: string, values: Record<string, unknown> = {}): string[] {
    const found = t(key, { ...values, returnObjects: true }) as unknown;
    return Array.isArray(found) ? found.map(String) : [];
  }

  has(lang: Lang, key: string): boolean {
    return this.instance.exists(key, { lng: lang });
  }
}
