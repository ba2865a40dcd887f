import type { Lang, Protocol } from '../domain';
import type { AuthMethod, KnowledgeBaseFile, Security, ServiceDefinition } from './schema';

/** One mail service as the customer must enter it: host name filled in for their domain. */
export interface ResolvedService {
  protocol: Protocol;
  host: string;
  port: number;
  security: Security;
  authentication: AuthMethod;
  alternative: boolean;
}

/**
 * Every setting of one mailbox. This one model feeds the chat answers and the setup files,
 * so they cannot disagree.
 */
export interface AccountSettings {
  /** The customer's domain, or null when unknown (host names then show the placeholder). */
  domain: string | null;
  email: string | null;
  /** What to type as user name (the full address, or the placeholder when unknown). */
  username: string;
  /** True when host names and user name are placeholders, not the customer's own. */
  placeholder: boolean;
  /** Main IMAP, POP3 and SMTP services (when the knowledge base defines them), then alternatives. */
  services: ResolvedService[];
}

export class KnowledgeBase {
  constructor(readonly data: KnowledgeBaseFile) {}

  get providerName(): string {
    return this.data.provider.name;
  }

  /** The main service for a protocol (the first listed that is not an alternative). */
  primary(protocol: Protocol): ServiceDefinition | undefined {
    return this.data.services.find((s) => s.protocol === protocol && !s.alternative) ??
      this.data.services.find((s) => s.protocol === protocol);
  }

  /** Alternatives to mention next to the main setting ("587 with STARTTLS also works"). */
  alternatives(protocol: Protocol): ServiceDefinition[] {
    const main = this.primary(protocol);
    return this.data.services.filter((s) => s.protocol === protocol && s !== main);
  }

  /** Protocols offered, in the order IMAP, POP3, SMTP. */
  protocols(): Protocol[] {
    return (['imap', 'pop3', 'smtp'] as const).filter((p) => this.primary(p));
  }

  /** The literal text before `{domain}` in the mail host template (e.g. "mail."), used to read "mail.example.com" as a domain. */
  get hostPrefix(): string {
    const template = this.primary('imap')?.host ?? this.data.services[0].host;
    const index = template.indexOf('{domain}');
    return index > 0 ? template.slice(0, index).toLowerCase() : '';
  }

  isForeignDomain(domain: string): boolean {
    return this.data.foreignDomains.includes(domain.toLowerCase());
  }

  /** The settings for an address or a domain; with neither, the placeholders of that language. */
  account(lang: Lang, who: { email?: string | null; domain?: string | null } = {}): AccountSettings {
    const email = who.email ?? null;
    const domain = who.domain ?? (email ? email.slice(email.indexOf('@') + 1) : null);
    const shownDomain = domain ?? this.data.placeholders.domain[lang];
    const placeholderEmail = this.data.placeholders.email[lang];
    const shownEmail = email ?? (domain ? `${placeholderEmail.split('@')[0]}@${domain}` : placeholderEmail);
    const username = this.data.username === 'full_email' ? shownEmail : shownEmail.split('@')[0];
    const ordered = [
      ...this.protocols().map((p) => this.primary(p) as ServiceDefinition),
      ...this.protocols().flatMap((p) => this.alternatives(p)),
    ];
    return {
      domain,
      email,
      username,
      placeholder: domain === null,
      services: ordered.map((s) => ({
        protocol: s.protocol,
        host: s.host.replace(/\{domain\}/g, shownDomain),
        port: s.port,
        security: s.security,
        authentication: s.authentication,
        alternative: s !== this.primary(s.protocol),
      })),
    };
  }
}

/** The main service of a protocol in resolved settings. */
export function serviceOf(settings: AccountSettings, protocol: Protocol): ResolvedService | undefined {
  return settings.services.find((s) => s.protocol === protocol && !s.alternative);
}
