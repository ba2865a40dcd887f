import { DiscordAPIError, DiscordjsError, DiscordjsErrorCodes } from 'discord.js';

/** Why start-up failed, in words an operator can act on; the token itself never appears. */
export function loginError(error: unknown, apiUrl: string | undefined): Error {
  if (isRejectedToken(error)) {
    return new Error(
      'Discord rejected DISCORD_TOKEN (401 Unauthorized): copy the bot token again from the Developer Portal › your application › Bot › Reset Token, and check it belongs to DISCORD_APP_ID.',
    );
  }
  const where = apiUrl ?? 'https://discord.com/api';
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(`Could not connect to Discord (API ${where}): ${reason}. Check DISCORD_API_URL and the network.`);
}

function isRejectedToken(error: unknown): boolean {
  if (error instanceof DiscordjsError && error.code === DiscordjsErrorCodes.TokenInvalid) return true;
  if (error instanceof DiscordAPIError && error.status === 401) return true;
  // The gateway closing with 4004 ("Authentication failed") after the REST API accepted the token.
  return error instanceof Error && error.message === 'Authentication failed';
}
