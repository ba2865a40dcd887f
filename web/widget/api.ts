import type { Lang, Reply } from './types';

/** What went wrong with a request, as the widget tells the user: `offline` and `server` can be retried. */
export type FailureKind = 'offline' | 'rate_limited' | 'refused' | 'server';

export class RequestFailed extends Error {
  constructor(readonly kind: FailureKind) {
    super(kind);
  }
}

export interface ChatResponse {
  session: string;
  reply: Reply;
}

export interface MessageBody {
  session?: string;
  text: string;
  choice?: string;
  lang?: Lang;
}

export interface HandoffBody {
  session?: string;
  lang: Lang;
}

/** Past this the server is taken as unreachable; answers take milliseconds. */
const TIMEOUT_MS = 15_000;

/** POSTs JSON to the bot's API; no cookies ever (credentials omitted), so nothing to forge. */
export async function post(url: string, body: MessageBody | HandoffBody): Promise<ChatResponse> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
      mode: 'cors',
      signal: controller.signal,
    });
  } catch {
    // A network error, a refused CORS check and a time-out look alike from here.
    throw new RequestFailed('offline');
  } finally {
    clearTimeout(timer);
  }
  if (response.status === 429) throw new RequestFailed('rate_limited');
  if (response.status >= 500) throw new RequestFailed('server');
  if (!response.ok) throw new RequestFailed('refused');
  try {
    return (await response.json()) as ChatResponse;
  } catch {
    throw new RequestFailed('server');
  }
}
