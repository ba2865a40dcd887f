import type { AuthMethod, Security } from '../../knowledge/schema';
import type { KnowledgeBase, ResolvedService } from '../../knowledge/settings';
import { domainOf } from './address';
import { EMAIL_DOMAIN_PLACEHOLDER, providerDomain, resolveAccount, servicesFor } from './account';
import { FILE_TEXTS } from './texts';
import { buildXml, xmlText } from './xml';

/**
 * Thunderbird / Mozilla autoconfig, `config-v1.1.xml`
 * (https://wiki.mozilla.org/Thunderbird:Autoconfiguration:ConfigFileFormat).
 */

/** `SSL` is TLS from the first byte; `STARTTLS` upgrades a plain connection; `plain` never encrypts. */
export const SOCKET_TYPE: Record<Security, string> = { ssl: 'SSL', starttls: 'STARTTLS', none: 'plain' };

/** The knowledge base already uses Thunderbird's vocabulary for authentication. */
export const AUTHENTICATION: Record<AuthMethod, string> = {
  'password-cleartext': 'password-cleartext',
  'password-encrypted': 'password-encrypted',
  none: 'none',
};

function server(service: ResolvedService, username: string) {
  return {
    '@type': service.protocol,
    hostname: service.host,
    port: service.port,
    socketType: SOCKET_TYPE[service.security],
    authentication: AUTHENTICATION[service.authentication],
    username,
  };
}

/**
 * The autoconfig file for an address, or with `null` the placeholder form for clients that
 * send no address (Thunderbird for Android, K-9 Mail): host names then read
 * `…%EMAILDOMAIN%`, which the client replaces. The user name is always a placeholder, the
 * client fills in what the user typed.
 */
export function buildThunderbirdConfig(kb: KnowledgeBase, address: string | null): string {
  const settings = resolveAccount(kb, 'en', address);
  const username = kb.data.username === 'local_part' ? '%EMAILLOCALPART%' : '%EMAILADDRESS%';
  const provider = xmlText(kb.providerName);
  const servers = (protocols: Array<'imap' | 'pop3' | 'smtp'>) =>
    protocols.flatMap((p) => servicesFor(settings, p)).map((s) => server(s, username));
  return buildXml({
    clientConfig: {
      '@version': '1.1',
      emailProvider: {
        // Thunderbird for Android requires the id to be a real host name (it substitutes nothing there).
        '@id': address === null ? providerDomain(kb) : domainOf(address),
        domain: address === null ? EMAIL_DOMAIN_PLACEHOLDER : domainOf(address),
        displayName: provider,
        displayShortName: provider,
        // IMAP before POP3: Thunderbird proposes the first incoming server it can use.
        incomingServer: servers(['imap', 'pop3']),
        outgoingServer: servers(['smtp']),
        documentation: {
          '@url': kb.data.provider.helpUrl,
          descr: (['fr', 'en'] as const).map((lang) => ({ '@lang': lang, '#text': FILE_TEXTS[lang].documentation(provider) })),
        },
      },
    },
  });
}
