import type { ReplyAttachment } from '../../core';
import { isDirectMessageChannel, type Place } from './place';
import type { WebClient } from './web-client';

/** Where a reply's files go, and the text shown with them. */
export interface FileTarget {
  channel: string;
  threadTs?: string;
  /** Shown above the files (mrkdwn, already escaped); only where the answer itself is not. */
  comment?: string;
}

/**
 * Uploads setup files with Slack's external upload flow (`files.getUploadURLExternal`, a POST
 * of the bytes to the `upload_url` Slack returns, then `files.completeUploadExternal`), all
 * through the bot's Web API client: SLACK_API_URL, time-outs and retries apply to each step.
 */
export class FileSender {
  constructor(private readonly client: WebClient) {}

  /**
   * Where a place's files go: its thread or DM; for an ephemeral answer the user's DM, because
   * Slack has no ephemeral files (and a file in the channel would show everyone their address).
   */
  async targetFor(place: Place, user: string): Promise<FileTarget & { elsewhere: boolean }> {
    if (place.kind === 'thread') return { channel: place.channel, threadTs: place.threadTs, elsewhere: false };
    // App Home buttons give the user ID, not the DM's channel ID: open it to get the ID.
    if (place.kind === 'dm' && isDirectMessageChannel(place.channel)) return { channel: place.channel, threadTs: place.threadTs, elsewhere: false };
    return { channel: await this.openDm(place.kind === 'dm' ? place.user : user), elsewhere: place.kind === 'ephemeral' };
  }

  async upload(target: FileTarget, files: readonly ReplyAttachment[]): Promise<void> {
    if (!files.length) return;
    await this.client.filesUploadV2({
      channel_id: target.channel,
      ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
      ...(target.comment ? { initial_comment: target.comment } : {}),
      file_uploads: files.map((file) => ({
        file: Buffer.from(file.body, file.encoding === 'base64' ? 'base64' : 'utf8'),
        filename: file.filename,
        title: file.filename,
      })),
    });
  }

  private async openDm(user: string): Promise<string> {
    const opened = await this.client.conversations.open({ users: user });
    const id = opened.channel?.id;
    if (!id) throw new Error('conversations.open returned no channel');
    return id;
  }
}
