/**
 * The small vocabulary every layer shares: the languages the bot speaks, the mail protocols and
 * the mail clients it has a guide for. Data only, no imports: the knowledge base, the core, the
 * service and the adapters all read it from here.
 */

/** The guard for one list of values (`isLang`, `isClient`…): true when a value is one of them. */
export function memberOf<T extends string>(values: readonly T[]): (value: unknown) => value is T {
  return (value): value is T => typeof value === 'string' && (values as readonly string[]).includes(value);
}

/** The two languages the bot answers in. */
export const LANGS = ['fr', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const isLang = memberOf(LANGS);

export const PROTOCOLS = ['imap', 'pop3', 'smtp'] as const;
export type Protocol = (typeof PROTOCOLS)[number];
export const isProtocol = memberOf(PROTOCOLS);

/**
 * Mail clients the bot has a step-by-step guide for (`generic` covers every other one). Adding
 * one here is the code part of a new client; its names and guide are locale data (see README).
 */
export const CLIENTS = ['thunderbird', 'outlook', 'outlook_new', 'outlook_mac', 'outlook_mobile', 'apple_mail', 'ios_mail', 'gmail_android', 'samsung_email', 'generic'] as const;
export type ClientId = (typeof CLIENTS)[number];
export const isClient = memberOf(CLIENTS);

/**
 * The well-known mail ports (IANA, RFC 8314): the protocol each one carries and, where the RFCs
 * fix it, whether the connection is TLS from the first byte (`ssl`) or upgraded (`starttls`).
 * 2525 is a common unofficial alternative for SMTP submission, with no fixed security.
 */
export const WELL_KNOWN_PORTS: Readonly<Record<number, { protocol: Protocol; security?: 'ssl' | 'starttls' }>> = {
  993: { protocol: 'imap', security: 'ssl' },
  143: { protocol: 'imap', security: 'starttls' },
  995: { protocol: 'pop3', security: 'ssl' },
  110: { protocol: 'pop3', security: 'starttls' },
  465: { protocol: 'smtp', security: 'ssl' },
  587: { protocol: 'smtp', security: 'starttls' },
  25: { protocol: 'smtp', security: 'starttls' },
  2525: { protocol: 'smtp' },
};
