/** A platform connection: it turns platform events into bot messages and renders the replies. */
export interface Adapter {
  /** Short name for logs and health checks ("slack", "discord", "console"). */
  readonly name: string;
  start(): Promise<void>;
  /** Stops taking new messages, lets those in flight finish, then disconnects. */
  stop(): Promise<void>;
  /** True while connected and able to answer. */
  isReady(): boolean;
}
