import { webApi, type Logger as SlackLogger } from '@slack/bolt';
import type { SlackConfig } from '../../config';
import type { Logger } from '../../logger';
import { rateLimitAwareFetch } from './rate-limit-fetch';

export type WebClient = webApi.WebClient;
export type WebClientOptions = webApi.WebClientOptions;

/**
 * How Web API calls behave when Slack is slow or failing. The library's default retries for
 * about thirty minutes, which would leave a user waiting and a shutdown hanging; a chat answer
 * that has not gone out within a few seconds is not worth sending much later.
 */
export interface WebApiPolicy {
  /** Per attempt, in milliseconds. */
  timeoutMs: number;
  /**
   * Network errors and HTTP 5xx are retried; a 429 is retried after its Retry-After, for that
   * request alone, as many times; platform errors (`ok: false`) are not retried.
   */
  retryConfig: webApi.RetryOptions;
  /** A Retry-After longer than this, in milliseconds, is not waited for: the call fails (and is logged). */
  maxRetryAfterMs?: number;
}

export const WEB_API_POLICY: WebApiPolicy = {
  timeoutMs: 5000,
  // At most 3 attempts, 0.5 s then 1 s apart: a few seconds in all, never minutes.
  retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2000, randomize: true },
  // Slack's per-channel posting limit asks for a second or so; an answer half a minute late is still worth it.
  maxRetryAfterMs: 30_000,
};

/** What the retry library hands to `onFailedAttempt`: the attempt's error, numbered. */
type FailedAttempt = Error & { attemptNumber?: number; retriesLeft?: number };

/** One failed attempt in a few words, without its URL's query or any header: "HTTP 500", "ECONNRESET"… */
export function describeFailedAttempt(error: Error): string {
  if (error instanceof webApi.WebAPIHTTPError) return `HTTP ${error.statusCode}`;
  if (error instanceof webApi.WebAPIRequestError) {
    const original = error.original as Error & { cause?: { code?: string } };
    if (original.name === 'TimeoutError' || original.name === 'AbortError') return 'timed out';
    return original.cause?.code ?? original.message;
  }
  return error.message;
}

/**
 * Options shared by every Web API client of the adapter (the bot's, Bolt's and Socket Mode's).
 * With `log`, every failed attempt (429, 5xx, time-out, reset) is logged, whether retried or not.
 */
export function webClientOptions(config: SlackConfig, logger: SlackLogger, policy: Partial<WebApiPolicy> = {}, log?: Logger): WebClientOptions {
  const { timeoutMs, retryConfig, maxRetryAfterMs } = { ...WEB_API_POLICY, ...policy };
  const retries = retryConfig.retries ?? 0;
  const failed = (fields: Record<string, unknown>, retriesLeft: number) =>
    log?.warn(
      { component: 'slack', event: 'slack_api_attempt_failed', ...fields, retriesLeft },
      retriesLeft > 0 ? 'slack Web API call failed; retrying' : 'slack Web API call failed; no retries left',
    );
  const onFailedAttempt = (error: FailedAttempt) => failed({ reason: describeFailedAttempt(error), attempt: error.attemptNumber }, error.retriesLeft ?? 0);
  return {
    // Every call, auth.test included, goes to SLACK_API_URL when it is set.
    slackApiUrl: config.apiUrl,
    logger,
    timeout: timeoutMs,
    // p-retry calls onFailedAttempt for every attempt it may retry (retry's own options do not declare it).
    retryConfig: { ...retryConfig, onFailedAttempt } as webApi.RetryOptions,
    // 429s are waited out per request by this fetch; one still there after its retries fails the call.
    fetch: rateLimitAwareFetch({
      retries,
      timeoutMs,
      maxWaitMs: maxRetryAfterMs ?? WEB_API_POLICY.maxRetryAfterMs!,
      onRateLimited: (wait) =>
        failed({ reason: `HTTP 429 (Retry-After ${wait.retryAfterSeconds} s)`, method: wait.method, attempt: wait.attempt }, wait.retrying ? retries - wait.attempt + 1 : 0),
    }),
    rejectRateLimitedCalls: true,
  };
}

export function createWebClient(config: SlackConfig, options: WebClientOptions): WebClient {
  return new webApi.WebClient(config.botToken, { ...options });
}

/** The bot's identity, from auth.test. */
export interface BotIdentity {
  userId: string;
  botId?: string;
  teamId: string;
}

/** Errors Slack gives for a token that cannot be used (revoked, wrong, app uninstalled…). */
const BAD_TOKEN = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'not_allowed_token_type']);

/**
 * A start-up failure as one sentence naming the variable to fix. Never includes the token:
 * main prints this message and exits.
 */
export function describeStartError(error: unknown, variable: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN', apiUrl: string | undefined): string {
  const where = apiUrl ?? 'https://slack.com/api/';
  if (error instanceof webApi.WebAPIPlatformError) {
    const code = error.data.error;
    if (BAD_TOKEN.has(code)) {
      return variable === 'SLACK_BOT_TOKEN'
        ? `Slack rejected SLACK_BOT_TOKEN (${code}): copy the Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page, and check the app is installed in the workspace.`
        : `Slack rejected SLACK_APP_TOKEN (${code}): create an app-level token (xapp-…) with the connections:write scope under Basic Information › App-Level Tokens.`;
    }
    return `Slack refused to start the connection (${code}) with ${variable}: check the app's settings (Socket Mode enabled for SLACK_APP_TOKEN, the app installed for SLACK_BOT_TOKEN).`;
  }
  if (error instanceof webApi.WebAPIHTTPError) {
    return `The Slack Web API at ${where} answered HTTP ${error.statusCode} while checking ${variable}: check SLACK_API_URL (unset it to use https://slack.com/api/).`;
  }
  if (error instanceof webApi.WebAPIRequestError) {
    return `Could not reach the Slack Web API at ${where} to check ${variable} (${error.original.message}): check network access, or SLACK_API_URL.`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `Slack could not be started with ${variable}: ${message}`.replace(/\bx(?:ox[abposr]|app)-[A-Za-z0-9-]+/g, '[redacted]');
}

/** Checks the bot token (auth.test) and returns who the bot is; rejects with a readable Error. */
export async function identifyBot(client: WebClient, config: SlackConfig): Promise<BotIdentity> {
  let result: webApi.AuthTestResponse;
  try {
    result = await client.auth.test();
  } catch (error) {
    throw new Error(describeStartError(error, 'SLACK_BOT_TOKEN', config.apiUrl));
  }
  if (!result.user_id) {
    throw new Error('Slack auth.test returned no bot user for SLACK_BOT_TOKEN: use the Bot User OAuth Token (xoxb-…), not a user token.');
  }
  // Slack always sends team_id; a minimal test double may not, and it only names conversations.
  return { userId: result.user_id, botId: result.bot_id, teamId: result.team_id ?? 'workspace' };
}
