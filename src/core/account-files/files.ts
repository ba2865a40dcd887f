import type { Lang } from '../../domain';
import type { KnowledgeBase } from '../../knowledge/settings';
import { parseAddress } from './address';
import { buildMobileconfig } from './apple';
import { buildAutodiscoverResponse } from './outlook';
import { loadSigningIdentity, signProfile, type SigningMaterial } from './signing';
import { buildThunderbirdConfig } from './thunderbird';

/** The three kinds of setup file, by the client that reads them. */
export const SETUP_FORMATS = ['thunderbird', 'outlook', 'apple'] as const;
export type SetupFormat = (typeof SETUP_FORMATS)[number];

export function isSetupFormat(value: unknown): value is SetupFormat {
  return typeof value === 'string' && (SETUP_FORMATS as readonly string[]).includes(value);
}

/** A file ready to serve or attach (Slack upload, Discord attachment, HTTP body). */
export interface SetupFile {
  filename: string;
  contentType: string;
  body: Buffer | string;
}

export interface SetupFileOptions {
  /** Language of the Apple profile's name and description (default English; the consent text has both). */
  lang?: Lang;
  /** When given, Apple profiles are signed (CMS SignedData); unsigned otherwise. */
  signing?: SigningMaterial;
}

export const CONTENT_TYPES: Record<SetupFormat, string> = {
  thunderbird: 'application/xml; charset=utf-8',
  outlook: 'text/xml; charset=utf-8',
  apple: 'application/x-apple-aspen-config',
};

/** "alice@example.com.mobileconfig" with anything unusual in a file name replaced; "%" too, which some browsers decode. */
function profileFilename(address: string): string {
  return `${address.replace(/[^a-z0-9@._+-]/gi, '_')}.mobileconfig`;
}

/**
 * One setup file for one address: what chat adapters and the HTTP routes call. `address` is
 * checked here (throws `SetupFileError`: missing, invalid or foreign address); only the
 * Thunderbird file exists without one (its placeholder form).
 */
export function createSetupFile(kb: KnowledgeBase, format: SetupFormat, address: string | null, options: SetupFileOptions = {}): SetupFile {
  const contentType = CONTENT_TYPES[format];
  if (format === 'thunderbird') {
    const checked = address === null ? null : parseAddress(address);
    return { filename: 'config-v1.1.xml', contentType, body: buildThunderbirdConfig(kb, checked) };
  }
  const checked = parseAddress(address);
  if (format === 'outlook') {
    return { filename: 'autodiscover.xml', contentType, body: buildAutodiscoverResponse(kb, checked) };
  }
  const profile = buildMobileconfig(kb, checked, { lang: options.lang });
  const body = options.signing ? signProfile(profile, loadSigningIdentity(options.signing)) : profile;
  return { filename: profileFilename(checked), contentType, body };
}
