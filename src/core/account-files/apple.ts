import { createHash, randomUUID } from 'node:crypto';
import type { Lang } from '../../domain';
import type { AuthMethod } from '../../knowledge/schema';
import type { KnowledgeBase, ResolvedService } from '../../knowledge/settings';
import { mainIncoming, mainOutgoing, resolveAccount } from './account';
import { buildPlist, type PlistValue } from './plist-xml';
import { FILE_TEXTS } from './texts';

/**
 * Apple configuration profile (`.mobileconfig`) with one `com.apple.mail.managed` payload
 * (https://developer.apple.com/documentation/devicemanagement/mail).
 */

/** Apple's names for the knowledge base's authentication methods ("MD5 Challenge-Response" is CRAM-MD5). */
export const APPLE_AUTHENTICATION: Record<AuthMethod, string> = {
  'password-cleartext': 'EmailAuthPassword',
  'password-encrypted': 'EmailAuthCRAMMD5',
  none: 'EmailAuthNone',
};

export interface MobileconfigOptions {
  /** Language of the display name and description (the consent text always carries both). */
  lang?: Lang;
  /** Source of the PayloadUUIDs; tests may pin it. */
  uuid?: () => string;
}

/**
 * "com.example.www" from "https://www.example.com/help": profile identifiers are reverse-DNS
 * names of their publisher, and the help page's host is the provider's own.
 */
function reverseDnsPrefix(kb: KnowledgeBase): string {
  const labels = new URL(kb.data.provider.helpUrl).hostname
    .toLowerCase()
    .split('.')
    .map((label) => label.replace(/[^a-z0-9-]/g, ''))
    .filter(Boolean)
    .reverse();
  return labels.length ? labels.join('.') : 'local';
}

/**
 * The same for every download of one address, so installing again replaces the profile
 * instead of adding a second account. A hash keeps the address itself out of the identifier,
 * which device-management tools list and log.
 */
export function profileIdentifier(kb: KnowledgeBase, address: string): string {
  const digest = createHash('sha256').update(address.toLowerCase()).digest('hex').slice(0, 32);
  return `${reverseDnsPrefix(kb)}.mailconfig.${digest}`;
}

/** iOS "Use SSL" covers both kinds of TLS: it speaks TLS at once or upgrades with STARTTLS depending on the port. */
const usesTls = (service: ResolvedService) => service.security !== 'none';

export function buildMobileconfig(kb: KnowledgeBase, address: string, options: MobileconfigOptions = {}): string {
  const lang = options.lang ?? 'en';
  const uuid = options.uuid ?? (() => randomUUID().toUpperCase());
  const settings = resolveAccount(kb, lang, address);
  const incoming = mainIncoming(settings);
  const outgoing = mainOutgoing(settings);
  const texts = FILE_TEXTS[lang];
  const provider = kb.providerName;
  const identifier = profileIdentifier(kb, address);
  const incomingName = incoming.protocol === 'imap' ? 'IMAP' : 'POP3';

  const mail: Record<string, PlistValue> = {
    PayloadType: 'com.apple.mail.managed',
    PayloadVersion: 1,
    PayloadIdentifier: `${identifier}.mail`,
    PayloadUUID: uuid(),
    PayloadDisplayName: texts.payloadName(address),
    PayloadDescription: texts.profileDescription(address, incomingName),
    PayloadOrganization: provider,
    EmailAccountDescription: address,
    EmailAccountType: incoming.protocol === 'imap' ? 'EmailTypeIMAP' : 'EmailTypePOP',
    EmailAddress: address,
    IncomingMailServerHostName: incoming.host,
    IncomingMailServerPortNumber: incoming.port,
    IncomingMailServerUseSSL: usesTls(incoming),
    IncomingMailServerAuthentication: APPLE_AUTHENTICATION[incoming.authentication],
    IncomingMailServerUsername: settings.username,
    OutgoingMailServerHostName: outgoing.host,
    OutgoingMailServerPortNumber: outgoing.port,
    OutgoingMailServerUseSSL: usesTls(outgoing),
    OutgoingMailServerAuthentication: APPLE_AUTHENTICATION[outgoing.authentication],
    OutgoingMailServerUsername: settings.username,
    // No password is ever put in the file: iOS asks for it once and uses it for sending too.
    OutgoingPasswordSameAsIncomingPassword: outgoing.authentication !== 'none',
  };

  return buildPlist({
    PayloadType: 'Configuration',
    PayloadVersion: 1,
    PayloadIdentifier: identifier,
    PayloadUUID: uuid(),
    PayloadDisplayName: texts.profileName(provider, address),
    PayloadDescription: texts.profileDescription(address, incomingName),
    PayloadOrganization: provider,
    PayloadRemovalDisallowed: false,
    ConsentText: {
      fr: FILE_TEXTS.fr.consent(provider, address),
      en: FILE_TEXTS.en.consent(provider, address),
      default: texts.consent(provider, address),
    },
    PayloadContent: [mail],
  });
}
