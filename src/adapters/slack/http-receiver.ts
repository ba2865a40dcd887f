import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { HTTPModuleFunctions, HTTPResponseAck, type App, type BufferedIncomingMessage, type Logger as SlackLogger, type Receiver } from '@slack/bolt';
import { readBody, type HttpServer } from '../../http/server';
import type { Logger } from '../../logger';
import { checkSlackSignature } from './signature';

/** Where Slack sends events, slash commands and button clicks in HTTP mode. */
export const SLACK_EVENTS_PATH = '/slack/events';

/** Slack payloads are a few kilobytes; anything near this is not from Slack. */
const BODY_LIMIT_BYTES = 1024 * 1024;

export interface SlackHttpReceiverOptions {
  http: HttpServer;
  signingSecret: string;
  logger: Logger;
  boltLogger: SlackLogger;
}

/**
 * A Bolt receiver mounted on the bot's own HTTP server (Bolt's HTTPReceiver would open a
 * second port). It checks Slack's signature, answers `url_verification`, and hands everything
 * else to Bolt with Bolt's own ack object, so listeners `ack()` exactly as with HTTPReceiver.
 */
export class SlackHttpReceiver implements Receiver {
  private app?: App;
  private routed = false;
  private accepting = false;

  constructor(private readonly options: SlackHttpReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {
    if (!this.routed) {
      this.options.http.route('POST', SLACK_EVENTS_PATH, (req, res) => this.handle(req, res));
      this.routed = true;
    }
    this.accepting = true;
  }

  /** Routes cannot be removed from the shared server: requests from now on get 503 (Slack retries them). */
  async stop(): Promise<void> {
    this.accepting = false;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.accepting || !this.app) return respond(res, 503);
    const raw = await readBody(req, BODY_LIMIT_BYTES);
    if (raw === 'too_large') return respond(res, 413);
    const rawBody = raw.toString('utf8');
    // Slack's certificate check for slash-command URLs may come unsigned; it carries nothing to act on.
    if (rawBody === 'ssl_check=1' || rawBody.startsWith('ssl_check=1&')) return respond(res, 200);
    const check = checkSlackSignature({
      signingSecret: this.options.signingSecret,
      rawBody,
      signature: req.headers['x-slack-signature'],
      timestamp: req.headers['x-slack-request-timestamp'],
    });
    if (!check.ok) {
      this.options.logger.warn({ reason: check.reason }, 'slack request refused: bad or missing signature');
      return respond(res, 401);
    }
    let body: Record<string, unknown>;
    try {
      body = parseBody(req.headers['content-type'], rawBody);
    } catch {
      return respond(res, 400);
    }
    if (body.type === 'url_verification') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ challenge: body.challenge }));
      return;
    }
    const buffered = Object.assign(req, { rawBody: raw }) as BufferedIncomingMessage;
    const ack = new HTTPResponseAck({ logger: this.options.boltLogger, processBeforeResponse: false, httpRequest: buffered, httpRequestBody: body, httpResponse: res });
    try {
      await this.app.processEvent({
        body,
        ack: ack.bind(),
        retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req),
        retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req),
        customProperties: {},
      });
    } catch (error) {
      this.options.logger.error({ err: error }, 'slack event processing failed');
      if (!res.headersSent) respond(res, 500);
    }
  }
}

function respond(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

/** Events come as JSON; slash commands as a form; clicks as a form with a JSON `payload` field. */
function parseBody(contentType: string | undefined, raw: string): Record<string, unknown> {
  if ((contentType ?? '').split(';')[0].trim().toLowerCase() === 'application/x-www-form-urlencoded') {
    const form = parseQuery(raw);
    if (typeof form.payload === 'string') return JSON.parse(form.payload) as Record<string, unknown>;
    return form as Record<string, unknown>;
  }
  const parsed: unknown = JSON.parse(raw);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
  return parsed as Record<string, unknown>;
}
