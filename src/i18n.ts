import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { LANGS, type Lang } from './domain';
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
   * Each key is resolved by i18next once per language (fallbacks, missing keys, lists) and kept
   * split at its `{{placeholders}}`; a call then only joins the parts with the values. Going
   * through `t()` on every call cost most of an answer's time (it copies all options per call).
   * The placeholder syntax is i18next's; values go in verbatim (`escapeValue: false`).
   */
  private readonly templates: Record<Lang, Map<string, Template>> = { fr: new Map(), en: new Map() };
  private readonly translators = new Map<Lang, Translate>();

  private template(lang: Lang, key: string): Template {
    const cache = this.templates[lang];
    let found = cache.get(key);
    if (found === undefined) {
      const resolved = this.instance.t(key, { lng: lang, returnObjects: true, skipInterpolation: true } as never) as unknown;
      const missing = resolved === key || resolved === undefined || resolved === null;
      found = {
        missing,
        text: typeof resolved === 'string' ? compile(resolved) : undefined,
        list: Array.isArray(resolved) ? resolved.map((item) => compile(String(item))) : undefined,
      };
      cache.set(key, found);
    }
    return found;
  }

  forLang(lang: Lang): Translate {
    let translate = this.translators.get(lang);
    if (!translate) {
      translate = (key, values) => {
        const found = this.template(lang, key);
        return found.text ? fill(found.text, values) : key;
      };
      this.translators.set(lang, translate);
    }
    return translate;
  }

  /** A list (e.g. guide steps) under a key, with interpolation applied to each item. */
  list(lang: Lang, key: string, values: Record<string, unknown> = {}): string[] {
    return this.template(lang, key).list?.map((parts) => fill(parts, values)) ?? [];
  }

  has(lang: Lang, key: string): boolean {
    return !this.template(lang, key).missing;
  }
}

interface Template {
  missing: boolean;
  /** Literal text at even indexes, placeholder names at odd ones. */
  text?: string[];
  list?: string[][];
}

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/;

function compile(text: string): string[] {
  return text.split(PLACEHOLDER);
}

/** Joins a compiled template; a placeholder without a value stays visible, as i18next leaves it. */
function fill(parts: string[], values: Record<string, unknown> | undefined): string {
  if (parts.length === 1) return parts[0];
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const value = values?.[parts[i]];
    out += (value === undefined || value === null ? `{{${parts[i]}}}` : String(value)) + parts[i + 1];
  }
  return out;
}
