import { DiscordAPIError, REST, Routes, type APIApplicationCommand } from 'discord.js';
import { mailconfigCommand } from '../adapters/discord/commands';
import { DISCORD_INTERACTIONS_PATH } from '../adapters/discord/http-interactions';
import { ConfigError, loadConfig, type DiscordConfig } from '../config';
import { Translations } from '../i18n';

/**
 * `npm run discord:register`: replaces the application's slash commands with `/mailconfig`
 * in one bulk overwrite (PUT), globally or, with DISCORD_GUILD_ID, in that server only
 * (instant, for testing). Running it twice changes nothing. The bot never does this at start.
 */
export async function registerCommands(config: DiscordConfig, translations = new Translations()): Promise<string> {
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
  const route = config.guildId ? Routes.applicationGuildCommands(config.appId, config.guildId) : Routes.applicationCommands(config.appId);
  const body = [mailconfigCommand(translations)];
  try {
    const registered = (await rest.put(route, { body })) as APIApplicationCommand[];
    const where = config.guildId ? `in server ${config.guildId} (available now)` : 'globally (Discord may take a few minutes to show it everywhere)';
    const lines = registered.map((command) => {
      const localised = Object.entries(command.name_localizations ?? {}).map(([locale, name]) => `${locale}: /${name}`);
      const options = (command.options ?? []).map((option) => option.name).join(', ');
      return `  /${command.name}${localised.length ? ` (${localised.join(', ')})` : ''}, options: ${options || 'none'}`;
    });
    return [`Registered ${registered.length} command${registered.length === 1 ? '' : 's'} for application ${config.appId} ${where}:`, ...lines, '', interactionsEndpointHint(config)].join('\n');
  } catch (error) {
    throw new Error(explain(error, config));
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}

/**
 * What to put in the Developer Portal for interactions over HTTP: Discord saves the URL only once
 * the bot answers its signed PING there, so the bot must be running with DISCORD_PUBLIC_KEY first.
 */
function interactionsEndpointHint(config: DiscordConfig): string {
  if (!config.publicKey) {
    return 'Interactions come through the gateway. To let every replica answer them over HTTP, set DISCORD_PUBLIC_KEY (General Information › Public Key) and see the README, "Interactions over HTTP".';
  }
  return [
    'Interactions over HTTP: with the bot running and reachable over HTTPS, set General Information › Interactions Endpoint URL',
    `to https://<your host>${DISCORD_INTERACTIONS_PATH} and save (Discord checks it with a signed PING the bot answers).`,
  ].join('\n');
}

function explain(error: unknown, config: DiscordConfig): string {
  const status = error instanceof DiscordAPIError ? error.status : undefined;
  const prefix = 'Registering the Discord commands failed';
  if (status === 401) return `${prefix}: Discord rejected DISCORD_TOKEN (401). Copy the bot token again (Developer Portal › Bot › Reset Token).`;
  if (status === 403) {
    return config.guildId
      ? `${prefix}: access denied (403). Invite the bot to server DISCORD_GUILD_ID=${config.guildId} with the applications.commands scope, or unset DISCORD_GUILD_ID to register globally.`
      : `${prefix}: access denied (403). Check that DISCORD_TOKEN is the bot token of application DISCORD_APP_ID=${config.appId}.`;
  }
  if (status === 404) return `${prefix}: not found (404). Check DISCORD_APP_ID=${config.appId}${config.guildId ? ` and DISCORD_GUILD_ID=${config.guildId}` : ''}.`;
  const reason = error instanceof Error ? error.message : String(error);
  return `${prefix}: ${reason}${config.apiUrl ? ` (DISCORD_API_URL=${config.apiUrl})` : ''}.`;
}

/** Entry point for `npm run discord:register` (via bin/launch.js); sets a non-zero exit code on failure. */
export async function run(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exitCode = 1;
    return;
  }
  if (!config.discord) {
    process.stderr.write('Discord is not configured: set DISCORD_TOKEN and DISCORD_APP_ID (and DISCORD_GUILD_ID to register in one server only).\n');
    process.exitCode = 1;
    return;
  }
  try {
    process.stdout.write(`${await registerCommands(config.discord)}\n`);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}

if (require.main === module) void run();
