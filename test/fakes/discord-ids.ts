// Discord's epoch (2015-01-01), from which snowflake timestamps count.
const DISCORD_EPOCH = 1420070400000n;
let counter = 0n;

/**
 * A fresh, increasing Discord ID (18-19 digits). discord.js groups REST calls by IDs of that
 * length, so tests use realistic ones.
 */
export function snowflake(): string {
  counter = (counter + 1n) % 4096n;
  return ((BigInt(Date.now()) - DISCORD_EPOCH) * 4194304n + counter).toString();
}
