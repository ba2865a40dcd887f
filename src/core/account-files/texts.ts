import type { Lang } from '../../domain';

/**
 * The few sentences the files carry. They live here rather than in locales/ because they are
 * part of the file formats (shown by Thunderbird and by the iPhone's profile installer), not
 * chat answers; both languages are always written, as the formats allow.
 */
interface FileTexts {
  /** Thunderbird's link to the provider's help page. */
  documentation(provider: string): string;
  /** The profile's name in Settings › General › VPN & Device Management. */
  profileName(provider: string, address: string): string;
  profileDescription(address: string, incoming: string): string;
  /** Shown before installing; says what the profile does and that the password is not in it. */
  consent(provider: string, address: string): string;
  /** The mail account's own payload, listed inside the profile. */
  payloadName(address: string): string;
}

export const FILE_TEXTS: Record<Lang, FileTexts> = {
  fr: {
    documentation: (provider) => `Aide ${provider} : configurer votre messagerie`,
    profileName: (provider, address) => `Messagerie ${provider} (${address})`,
    profileDescription: (address, incoming) =>
      `Ajoute le compte ${address} à l'app Mail (réception ${incoming}, envoi SMTP).`,
    consent: (provider, address) =>
      `Ce profil ajoute le compte ${address} à l'app Mail avec les réglages de ${provider}. ` +
      `Il ne contient pas votre mot de passe : il vous sera demandé pendant l'installation.`,
    payloadName: (address) => `Compte mail ${address}`,
  },
  en: {
    documentation: (provider) => `${provider} help: setting up your email`,
    profileName: (provider, address) => `${provider} email (${address})`,
    profileDescription: (address, incoming) =>
      `Adds the account ${address} to the Mail app (${incoming} incoming, SMTP outgoing).`,
    consent: (provider, address) =>
      `This profile adds the account ${address} to the Mail app with ${provider}'s settings. ` +
      `It does not contain your password: you will be asked for it during installation.`,
    payloadName: (address) => `Email account ${address}`,
  },
};
