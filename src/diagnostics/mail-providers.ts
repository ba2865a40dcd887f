/**
 * Well-known mail hosts, recognised by the names their MX records point to, so a customer whose
 * mail is elsewhere is told where, in plain words. The provider's own MX names come first from
 * the knowledge base (`diagnostics.mxHostSuffixes`), so a host listed here can still be "ours".
 */
const MAIL_PROVIDERS: ReadonlyArray<{ name: string; suffixes: readonly string[] }> = [
  { name: 'Google', suffixes: ['google.com', 'googlemail.com', 'smtp.goog'] },
  { name: 'Microsoft 365', suffixes: ['mail.protection.outlook.com', 'outlook.com', 'hotmail.com'] },
  { name: 'Zoho', suffixes: ['zoho.com', 'zoho.eu', 'zoho.in', 'zohomail.com'] },
  { name: 'Proton Mail', suffixes: ['protonmail.ch', 'proton.me'] },
  { name: 'iCloud', suffixes: ['icloud.com', 'me.com'] },
  { name: 'Fastmail', suffixes: ['messagingengine.com', 'fastmail.com'] },
  { name: 'Yahoo', suffixes: ['yahoodns.net'] },
  { name: 'OVHcloud', suffixes: ['ovh.net', 'mail.ovh.ca'] },
  { name: 'IONOS', suffixes: ['ionos.com', 'ionos.fr', 'ionos.de', 'kundenserver.de', '1and1.com'] },
  { name: 'Gandi', suffixes: ['gandi.net'] },
  { name: 'Infomaniak', suffixes: ['infomaniak.ch'] },
  { name: 'mailbox.org', suffixes: ['mailbox.org'] },
];

/** True when `host` is `suffix` or a name under it. */
export function hasSuffix(host: string, suffix: string): boolean {
  const s = suffix.toLowerCase().replace(/^\./, '').replace(/\.$/, '');
  return host === s || host.endsWith(`.${s}`);
}

/** The well-known provider an MX host belongs to, if any. */
export function mailProviderOf(host: string): string | undefined {
  return MAIL_PROVIDERS.find((p) => p.suffixes.some((s) => hasSuffix(host, s)))?.name;
}
