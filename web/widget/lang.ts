import type { Lang } from './types';

/** fr or en from a language tag ("fr-CA", "en_GB", "FR"); undefined for any other language. */
export function langOf(tag: string | null | undefined): Lang | undefined {
  const base = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return base === 'fr' || base === 'en' ? base : undefined;
}

/**
 * The user's language as the page can tell it: the widget's lang attribute, else the page's
 * <html lang>, else the browser's languages in order. Undefined leaves it to the server
 * (DEFAULT_LANG); the language of each message still wins there.
 */
export function pageLang(attribute: string | null, doc: Document, nav: Navigator): Lang | undefined {
  const fromAttribute = langOf(attribute);
  if (fromAttribute) return fromAttribute;
  const fromPage = langOf(doc.documentElement.getAttribute('lang'));
  if (fromPage) return fromPage;
  for (const tag of nav.languages?.length ? nav.languages : [nav.language]) {
    const found = langOf(tag);
    if (found) return found;
  }
  return undefined;
}
