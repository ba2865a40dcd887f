import type { SlackMessage } from './render';

/** What can be sent to a `response_url` (slash commands and clicks; valid 30 minutes, 5 uses). */
export type ResponseUrlBody =
  | (SlackMessage & { response_type: 'ephemeral' | 'in_channel'; replace_original?: boolean })
  | { delete_original: true };

/** Per attempt, in milliseconds: like Web API calls, never left to wait indefinitely. */
export const RESPONSE_URL_TIMEOUT_MS = 5000;

/**
 * Posts to a `response_url`, with one retry on a network error or a 5xx. Resolves false when
 * Slack refused it (expired or used up), so the caller can fall back to the Web API.
 */
export async function postToResponseUrl(url: string, body: ResponseUrlBody, timeoutMs = RESPONSE_URL_TIMEOUT_MS): Promise<boolean> {
  // The URL comes from a signed Slack request; still, never send anything to a non-HTTP scheme.
  if (!/^https?:\/\//i.test(url)) return false;
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
      await response.arrayBuffer(); // release the connection
      if (response.ok) return true;
      if (response.status < 500 || attempt >= 2) return false;
    } catch (error) {
      if (attempt >= 2) throw error;
    }
  }
}
