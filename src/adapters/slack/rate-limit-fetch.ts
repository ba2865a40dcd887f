/** What a wait for Retry-After is reported with (for the logs). */
export interface RateLimitWait {
  /** The Web API method, from the URL ("chat.postMessage"). */
  method: string;
  retryAfterSeconds: number;
  /** Attempts of this request so far (1 = the first was rate-limited). */
  attempt: number;
  /** False when the request is given up: no retries left, or Retry-After longer than allowed. */
  retrying: boolean;
}

export interface RateLimitFetchOptions {
  /** Further attempts after a 429. */
  retries: number;
  /** Time-out of each further attempt, in milliseconds (the first one's may run out while waiting). */
  timeoutMs: number;
  /** A Retry-After longer than this, in milliseconds, is not waited for: the request fails at once. */
  maxWaitMs: number;
  onRateLimited?: (wait: RateLimitWait) => void;
  fetchFn?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/** Retry-After in whole seconds (Slack sends seconds), or undefined when absent or unreadable. */
function retryAfterSeconds(response: Response): number | undefined {
  const value = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

function methodOf(input: Parameters<typeof fetch>[0]): string {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  return url.slice(url.lastIndexOf('/') + 1).split('?')[0];
}

/**
 * The Web API client's fetch: a 429 is waited out (its Retry-After) and retried for that one
 * request. The client's own 429 handling pauses its whole request queue instead, so one
 * channel over Slack's per-channel posting limit would hold every other user's answer.
 * A 429 that is not retried is returned as is: the client then fails that call.
 */
export function rateLimitAwareFetch(options: RateLimitFetchOptions): typeof fetch {
  const fetchFn = options.fetchFn ?? globalThis.fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return async (input, init) => {
    let response = await fetchFn(input, init);
    for (let attempt = 1; response.status === 429; attempt++) {
      const seconds = retryAfterSeconds(response);
      const retrying = seconds !== undefined && attempt <= options.retries && seconds * 1000 <= options.maxWaitMs;
      options.onRateLimited?.({ method: methodOf(input), retryAfterSeconds: seconds ?? NaN, attempt, retrying });
      if (!retrying) return response;
      // Free the connection before waiting.
      await response.body?.cancel().catch(() => undefined);
      await sleep(seconds * 1000);
      response = await fetchFn(input, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
    }
    return response;
  };
}
