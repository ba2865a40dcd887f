import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { CLIENTS, type Lang } from '../../domain';
import type { Translations } from '../../i18n';

/**
 * The one definition of `/mailconfig`: the register script sends it, the adapter reads
 * interactions with the same names. Discord always reports the canonical (English) names,
 * whatever the user's language; French users see and type the localised ones.
 */
export const COMMAND_NAME = 'mailconfig';
export const OPTION = { question: 'question', client: 'client', email: 'email', public: 'public' } as const;
export type OptionKey = keyof typeof OPTION;

/** Discord's limit on a string option, and a sane one for an address (RFC 5321). */
const MAX_QUESTION = 1000;
const MAX_EMAIL = 254;

// Discord's locale codes for the languages the bot speaks besides its canonical English.
const LOCALISED: ReadonlyArray<{ lang: Lang; discordLocale: 'fr' }> = [{ lang: 'fr', discordLocale: 'fr' }];

function localised(translations: Translations, key: string): Record<string, string> {
  return Object.fromEntries(LOCALISED.map(({ lang, discordLocale }) => [discordLocale, translations.forLang(lang)(key)]));
}

/** The command as Discord's API expects it (PUT applications/{app}/commands). */
export function mailconfigCommand(translations: Translations): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const en = translations.forLang('en');
  const text = (key: string) => ({
    description: en(`${key}.description`),
    name_localizations: localised(translations, `${key}.name`),
    description_localizations: localised(translations, `${key}.description`),
  });
  return {
    type: ApplicationCommandType.ChatInput,
    name: COMMAND_NAME,
    ...text('discord.command'),
    // Usable in servers and in a DM with the bot.
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: OPTION.question,
        ...text('discord.option.question'),
        autocomplete: true,
        max_length: MAX_QUESTION,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: OPTION.client,
        ...text('discord.option.client'),
        choices: CLIENTS.map((client) => ({
          name: en(`common.client.${client}`),
          name_localizations: localised(translations, `common.client.${client}`),
          value: client,
        })),
      },
      {
        type: ApplicationCommandOptionType.String,
        name: OPTION.email,
        ...text('discord.option.email'),
        max_length: MAX_EMAIL,
      },
      {
        type: ApplicationCommandOptionType.Boolean,
        name: OPTION.public,
        ...text('discord.option.public'),
      },
    ],
  };
}
