import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { LANGS, type Lang } from './core/types';
import { PROJECT_ROOT } from './paths';

export const LOCALES_DIR = path.join(PROJECT_ROOT, 'locales');

/** A translator fixed to one language: key (and values to interpolate) in, text out. */
export type Translate = (key: string, values?: Record<string, unknown>) => string;

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

  /**
   * Templates resolved once per language and key by i18next (fallbacks, missing-key handling);
   * each call then only interpolates, with i18next's own interpolator. Resolving through
   * `t()` on every call cost most of an answer's time (it copies all options per call).
   */
  private readonly templates: Record<Lang, Map<string, unknown>> = { fr: new Map(), en: new Map() };
  private readonly translators = new Map<Lang, Translate>();

  private template(lang: Lang, key: string): unknown {
    const cache = this.templates[lang];
    let found = cache.get(key);
    if (found === undefined) {
      found = this.instance.t(key, { lng: lang, returnObjects: true, skipInterpolation: true } as never) as unknown;
      cache.set(key, found);
    }
    return found;
  }

  private interpolate(text: string, values: Record<string, unknown> | undefined, lang: Lang): string {
    if (!values || !text.includes('{{')) return text;
    return this.instance.services.interpolator.interpolate(text, values, lang, {}) as string;
  }

  forLang(lang: Lang): Translate {
    let translate = this.translators.get(lang);
    if (!translate) {
      translate = (key, values) => {
        const found = this.template(lang, key);
        return typeof found === 'string' ? this.interpolate(found, values, lang) : key;
      };
      this.translators.set(lang, translate);
    }
    return translate;
  }

  /** A list (e.g. guide steps) under a key, with interpolation applied to each item. */
  list(lang: Lang, key: string, values: Record<string, unknown> = {}): string[] {
    const found = this.template(lang, key);
    return Array.isArray(found) ? found.map((item) => this.interpolate(String(item), values, lang)) : [];
  }

  has(lang: Lang, key: string): boolean {
    return this.instance.exists(key, { lng: lang });
  }
}
