import { SocketModeReceiver, type Logger as SlackLogger } from '@slack/bolt';
import { describeStartError, type WebClientOptions } from './web-client';

/** How long start-up waits for Slack's `hello` on the WebSocket. */
export const SOCKET_CONNECT_TIMEOUT_MS = 30_000;

/**
 * A Socket Mode connection (Bolt's receiver): `apps.connections.open` through SLACK_API_URL
 * with the same call policy as every Web API call, then the WebSocket it returns. Reconnects
 * on its own; `connected` follows the socket's state for health checks.
 */
export class SocketConnection {
  readonly receiver: SocketModeReceiver;
  private isConnected = false;

  constructor(appToken: string, logger: SlackLogger, clientOptions: WebClientOptions) {
    const { logger: _ignored, logLevel: _level, ...options } = clientOptions;
    this.receiver = new SocketModeReceiver({ appToken, logger, autoReconnectEnabled: true, installerOptions: { clientOptions: options } });
    const client = this.receiver.client;
    client.on('connected', () => {
      this.isConnected = true;
    });
    for (const state of ['connecting', 'reconnecting', 'disconnecting', 'disconnected']) {
      client.on(state, () => {
        this.isConnected = false;
      });
    }
  }

  get connected(): boolean {
    return this.isConnected;
  }

  /** Connects (Bolt's `app.start()` calls the receiver); rejects with a readable Error naming SLACK_APP_TOKEN. */
  async connect(start: () => Promise<unknown>, apiUrl: string | undefined, timeoutMs = SOCKET_CONNECT_TIMEOUT_MS): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Slack Socket Mode did not connect within ${Math.round(timeoutMs / 1000)} s: check SLACK_APP_TOKEN and that Socket Mode is enabled for the app.`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([start(), timeout]);
    } catch (error) {
      await this.disconnect(1000);
      throw error instanceof Error && error.message.startsWith('Slack Socket Mode') ? error : new Error(describeStartError(error, 'SLACK_APP_TOKEN', apiUrl));
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the WebSocket and stops reconnecting; gives up waiting for Slack's close frame after `timeoutMs`. */
  async disconnect(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.receiver.client.disconnect().catch(() => undefined),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    this.isConnected = false;
  }
}
