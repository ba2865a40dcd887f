import type { Translate, Translations } from '../../i18n';
import type { KnowledgeBase, AccountSettings, ResolvedService } from '../../knowledge/settings';
import { serviceOf } from '../../knowledge/settings';
import { encodeChoice, type Choice } from '../choices';
import type { ClientId, Lang, Protocol, ReplyField, ReplyLink, Suggestion, Understanding } from '../types';

/**
 * Everything one answer is built from: the understanding, the knowledge base, the account
 * settings already resolved for the user's address, and a translator fixed to their language.
 */
export class AnswerKit {
  readonly lang: Lang;
  readonly settings: AccountSettings;

  constructor(
    readonly understanding: Understanding,
    readonly kb: KnowledgeBase,
    readonly t: Translate,
    readonly translations: Translations,
    /** The domain to personalise with (null when unknown, or not ours). */
    who: { email: string | null; domain: string | null },
  ) {
    this.lang = understanding.lang;
    this.settings = kb.account(this.lang, who);
  }

  get entities() {
    return this.understanding.entities;
  }

  /** An example address for tips, on the knowledge base's own placeholder domain (never another brand's). */
  get exampleAddress(): string {
    return `alice@${this.kb.data.placeholders.domain[this.lang]}`;
  }

  service(protocol: Protocol): ResolvedService | undefined {
    return serviceOf(this.settings, protocol);
  }

  /** Main services of these protocols, in IMAP, POP3, SMTP order; all main services when the list is empty. */
  services(protocols: readonly Protocol[] = []): ResolvedService[] {
    const main = this.settings.services.filter((s) => !s.alternative);
    const wanted = protocols.length ? main.filter((s) => protocols.includes(s.protocol)) : main;
    return wanted.length ? wanted : main;
  }

  /** The host shared by the services, or the first one (used in "All on mail.example.com"). */
  get mainHost(): string {
    return this.settings.services[0].host;
  }

  securityName(service: ResolvedService): string {
    return this.t(`common.security.${service.security}`);
  }

  serviceValue(service: ResolvedService): string {
    return this.t('common.value.service', { host: service.host, port: service.port, security: this.securityName(service) });
  }

  serviceField(service: ResolvedService): ReplyField {
    const main = service.protocol === 'smtp' ? 'common.field.outgoing_smtp' : `common.field.incoming_${service.protocol}`;
    const label = service.alternative
      ? this.t('common.field.alternative', { protocol: this.t(main) })
      : this.t(main);
    return { label, value: this.serviceValue(service) };
  }

  /** Fields for these protocols' services, alternatives included (e.g. 587 STARTTLS next to 465). */
  serviceFields(protocols: readonly Protocol[] = []): ReplyField[] {
    const chosen = this.services(protocols).map((s) => s.protocol);
    return this.settings.services.filter((s) => chosen.includes(s.protocol)).map((s) => this.serviceField(s));
  }

  usernameField(): ReplyField {
    return { label: this.t('common.field.username'), value: this.settings.username };
  }

  passwordField(): ReplyField {
    return { label: this.t('common.field.password'), value: this.t('common.value.password') };
  }

  smtpAuthField(): ReplyField | null {
    const smtp = this.service('smtp');
    if (!smtp || smtp.authentication === 'none') return null;
    return {
      label: this.t('common.field.smtp_auth'),
      value: this.t('common.value.smtp_auth', { method: this.t(`common.auth.${smtp.authentication}`) }),
    };
  }

  /** "support@… or https://…", in this language; empty when the knowledge base has no channel. */
  supportLine(): string {
    const support = this.kb.data.provider.support;
    const channels = (['email', 'url', 'phone'] as const)
      .filter((key) => support[key])
      .map((key) => this.t(`common.support.${key}`, { value: support[key] }))
      .join(this.t('common.support.or'));
    const hours = support.hours?.[this.lang];
    return hours
      ? this.t('common.support.reach_hours', { provider: this.kb.providerName, channels, hours })
      : this.t('common.support.reach', { provider: this.kb.providerName, channels });
  }

  helpLink(): ReplyLink {
    return { label: this.t('common.link.help_page', { provider: this.kb.providerName }), url: this.kb.data.provider.helpUrl };
  }

  clientName(client: ClientId): string {
    return this.t(`common.client.${client}`);
  }

  /** A follow-up button; its label comes from `common.suggest.<key>`. */
  suggest(choice: Omit<Choice, 'lang'>, labelKey?: string, values: Record<string, string> = {}): Suggestion {
    const key = labelKey ?? `common.suggest.${choice.intent}`;
    return { label: this.t(key, values), choice: encodeChoice({ ...choice, lang: this.lang }) };
  }

  suggestClient(client: ClientId): Suggestion {
    return this.suggest({ intent: 'client_setup', client }, 'common.suggest.client_setup', { client: this.clientName(client) });
  }

  /** Security label as one client words it (Samsung's "TLS" means STARTTLS, iOS has an on/off switch). */
  clientSecurity(client: ClientId, service: ResolvedService | undefined): string {
    if (!service) return '';
    const key = `guides.${client}.security.${service.security}`;
    return this.translations.has(this.lang, key) ? this.t(key) : this.securityName(service);
  }

  private readonly guideValueCache = new Map<string, Record<string, string | number>>();

  /** The values guide and hint texts interpolate, for one client and one incoming protocol (computed once per answer). */
  guideValues(client: ClientId, incomingProtocol: Protocol): Record<string, string | number> {
    const key = `${client}:${incomingProtocol}`;
    let values = this.guideValueCache.get(key);
    if (!values) {
      values = this.computeGuideValues(client, incomingProtocol);
      this.guideValueCache.set(key, values);
    }
    return values;
  }

  private computeGuideValues(client: ClientId, incomingProtocol: Protocol): Record<string, string | number> {
    const incoming = this.service(incomingProtocol) ?? this.services().find((s) => s.protocol !== 'smtp');
    const outgoing = this.service('smtp');
    const protocolKey = `guides.${client}.protocol.${incoming?.protocol ?? 'imap'}`;
    const imap = this.service('imap');
    return {
      email: this.settings.email ?? this.settings.username,
      username: this.settings.username,
      inProtocol: this.translations.has(this.lang, protocolKey) ? this.t(protocolKey) : this.t(`common.protocol.${incoming?.protocol ?? 'imap'}`),
      inHost: incoming?.host ?? '',
      inPort: incoming?.port ?? '',
      inSecurity: this.clientSecurity(client, incoming),
      outHost: outgoing?.host ?? '',
      outPort: outgoing?.port ?? '',
      outSecurity: this.clientSecurity(client, outgoing),
      authMethod: this.t(`guides.${client}.auth`),
      imapPort: imap?.port ?? incoming?.port ?? '',
      smtpPort: outgoing?.port ?? '',
      incomingPorts: this.portList(['imap', 'pop3'], this.t('common.support.or'), false),
      allPorts: this.portList(['imap', 'pop3', 'smtp'], ', ', true),
      sslPorts: this.settings.services.filter((s) => s.security === 'ssl').map((s) => s.port).join(', '),
    };
  }

  /** "IMAP 993 or POP3 995", or with security: "IMAP 993 (SSL/TLS), SMTP 465 (SSL/TLS)". */
  portList(protocols: Protocol[], separator: string, withSecurity: boolean): string {
    return this.services(protocols)
      .filter((s) => protocols.includes(s.protocol))
      .map((s) => `${this.t(`common.protocol.${s.protocol}`)} ${s.port}${withSecurity ? ` (${this.securityName(s)})` : ''}`)
      .join(separator);
  }
}
