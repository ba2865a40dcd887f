import type { Lang, Protocol } from '../../domain';
import { serviceOf, type AccountSettings, type KnowledgeBase, type ResolvedService } from '../../knowledge/settings';
import { domainOf } from './address';
import { SetupFileError } from './errors';

/** What Thunderbird and Thunderbird for Android replace with the domain of the address being set up. */
export const EMAIL_DOMAIN_PLACEHOLDER = '%EMAILDOMAIN%';

/**
 * The settings every file is built from: `KnowledgeBase.account`, the very function the chat
 * answers call, so a file can never show a host, port or security the chat would not.
 * Without an address, host names carry Thunderbird's `%EMAILDOMAIN%` placeholder instead of the
 * chat's "yourdomain.tld" (the client fills it in).
 */
export function resolveAccount(kb: KnowledgeBase, lang: Lang, address: string | null): AccountSettings {
  if (address !== null && kb.isForeignDomain(domainOf(address))) {
    // The chat tells these users the settings are not theirs; a file would configure a wrong server.
    throw new SetupFileError('foreign_domain', `this address is not hosted by ${kb.providerName}`);
  }
  const settings = address === null ? kb.account(lang, { domain: EMAIL_DOMAIN_PLACEHOLDER }) : kb.account(lang, { email: address });
  if (!settings.services.some((s) => s.protocol !== 'smtp') || !serviceOf(settings, 'smtp')) {
    throw new SetupFileError('incomplete_settings', 'the knowledge base needs an incoming (IMAP or POP3) and an outgoing (SMTP) server');
  }
  return settings;
}

/** Every service of one protocol, the main one first and then its alternatives (the order clients try them). */
export function servicesFor(settings: AccountSettings, protocol: Protocol): ResolvedService[] {
  const all = settings.services.filter((s) => s.protocol === protocol);
  return [...all.filter((s) => !s.alternative), ...all.filter((s) => s.alternative)];
}

/** The main incoming service: IMAP when offered (it keeps mail on the server for every device), else POP3. */
export function mainIncoming(settings: AccountSettings): ResolvedService {
  return (serviceOf(settings, 'imap') ?? serviceOf(settings, 'pop3')) as ResolvedService;
}

export function mainOutgoing(settings: AccountSettings): ResolvedService {
  return serviceOf(settings, 'smtp') as ResolvedService;
}

/** The provider's own domain, from its help page ("www.example.com" → "example.com"). */
export function providerDomain(kb: KnowledgeBase): string {
  return new URL(kb.data.provider.helpUrl).hostname.toLowerCase().replace(/^www\./, '');
}
