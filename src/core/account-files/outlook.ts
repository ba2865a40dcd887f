import type { Protocol } from '../../domain';
import type { Security } from '../../knowledge/schema';
import { serviceOf, type KnowledgeBase, type ResolvedService } from '../../knowledge/settings';
import { resolveAccount } from './account';
import { buildXml } from './xml';

/**
 * Outlook's "plain old XML" autodiscover answer for POP3/IMAP/SMTP accounts
 * (https://learn.microsoft.com/exchange/client-developer/web-service-reference/pox-autodiscover-xml-elements-for-exchange).
 */

export const AUTODISCOVER_RESPONSE_NS = 'http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006';
export const OUTLOOK_RESPONSE_NS = 'http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a';

/**
 * `Encryption` overrides `SSL` in Outlook 2010 and later: `SSL` is TLS from the first byte and
 * `TLS` is STARTTLS. Swapping them makes Outlook wait for a greeting that never comes.
 */
export const ENCRYPTION: Record<Security, string> = { ssl: 'SSL', starttls: 'TLS', none: 'None' };

const TYPE: Record<Protocol, string> = { imap: 'IMAP', pop3: 'POP3', smtp: 'SMTP' };

const onOff = (value: boolean) => (value ? 'on' : 'off');

/** Elements in the order of Microsoft's reference for `Protocol`; `Encryption` follows the `SSL` it refines. */
function protocol(service: ResolvedService, loginName: string) {
  const authRequired = service.authentication !== 'none';
  return {
    Type: TYPE[service.protocol],
    Server: service.host,
    Port: service.port,
    LoginName: loginName,
    DomainRequired: 'off',
    // SPA is Microsoft's NTLM logon, not the CRAM-MD5 kind of "encrypted password": always off.
    SPA: 'off',
    // Older Outlook versions read only SSL: "on" for both implicit TLS and STARTTLS.
    SSL: onOff(service.security !== 'none'),
    Encryption: ENCRYPTION[service.security],
    AuthRequired: onOff(authRequired),
    // Sending uses the same user name and password as receiving.
    ...(service.protocol === 'smtp' && authRequired ? { UsePOPAuth: 'on' } : {}),
  };
}

/**
 * The response for one address: the main IMAP, POP3 and SMTP services, one `Protocol` each
 * (Outlook reads one server per type; the alternatives stay in the chat answer).
 */
export function buildAutodiscoverResponse(kb: KnowledgeBase, address: string): string {
  const settings = resolveAccount(kb, 'en', address);
  const services = (['imap', 'pop3', 'smtp'] as const)
    .map((p) => serviceOf(settings, p))
    .filter((s): s is ResolvedService => s !== undefined);
  return buildXml({
    Autodiscover: {
      '@xmlns': AUTODISCOVER_RESPONSE_NS,
      Response: {
        '@xmlns': OUTLOOK_RESPONSE_NS,
        Account: {
          AccountType: 'email',
          Action: 'settings',
          Protocol: services.map((s) => protocol(s, settings.username)),
        },
      },
    },
  });
}
