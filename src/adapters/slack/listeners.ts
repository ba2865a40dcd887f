import type { App } from '@slack/bolt';
import { answerInbound, deliverFiles } from './answering';
import { handOff } from './handoff';
import { publishHome } from './home';
import { clickToInbound, commandToInbound, mentionToInbound, messageToInbound, payloadKey, type SlackInbound } from './inbound';
import type { SlackBlockActions, SlackCommand, SlackHomeEvent, SlackMessageEvent } from './payloads';
import { escapeSlack } from './text';
import { shareInChannel } from './share';
import type { SlackServices } from './services';

/**
 * How long a slash command waits for the user's locale: its answer must be in the ack, within
 * Slack's 3 seconds, with room to spare. Events are acked first, so they can wait longer.
 */
const COMMAND_LOCALE_BUDGET_MS = 1200;
const EVENT_LOCALE_BUDGET_MS = 3000;
/**
 * A slash command's answer not ready by then (a domain check takes seconds) is acked empty and
 * sent through the response_url instead: an ack after Slack's 3 seconds is lost.
 */
const COMMAND_ACK_DEADLINE_MS = 2000;

/** The events the bot listens to (the manifest subscribes to the same: app_mention, message.im, app_home_opened). */
const EVENTS = /^(app_mention|message|app_home_opened)$/;

/** Registers every Slack listener of the bot: the full list of what it reacts to is here. */
export function registerListeners(app: App, s: SlackServices): void {
  // Any slash command routed to this app is /mailconfig, whatever the workspace renamed it to.
  app.command(/.*/, async ({ command, ack }) => {
    await s.inFlight.run(async () => {
      const inbound = commandToInbound(command as SlackCommand, s.mapper);
      if (!inbound) return ack();
      let answered = false;
      try {
        const answering = answerInbound(s, inbound, COMMAND_LOCALE_BUDGET_MS);
        let answer = await withinDeadline(answering, COMMAND_ACK_DEADLINE_MS);
        if (!answer) {
          // Not ready in time (a domain check takes seconds): an empty ack now, the answer through the response_url.
          await ack();
          answered = true;
          answer = await answering;
          if (answer.pages.length) await s.delivery.answer(inbound.place, answer.pages);
        } else {
          const [first, ...rest] = answer.pages;
          // Nothing to say (a copy of a command already taken, or rate-limited again): an empty ack.
          if (!first) return await ack();
          try {
            await ack({ response_type: 'ephemeral', text: first.text, blocks: first.blocks });
          } catch (error) {
            // Too late for the ack (a closed Socket Mode connection, Slack's 3 s passed): the response_url still works.
            s.logger.warn({ err: error }, 'slack ack failed; answering through response_url');
            await s.delivery.answer(inbound.place, [first]);
          }
          answered = true;
          if (rest.length) await s.delivery.answer(inbound.place, rest);
        }
        await deliverFiles(s, inbound.place, inbound.message.userId, answer);
      } catch (error) {
        const notice = await s.service.apologise({ platform: 'slack', conversationId: inbound.message.conversationId }, { error, what: 'slack slash command failed', logger: s.logger });
        // Before the ack, an apology rather than Slack's "dispatch_failed"; after it, the log is enough.
        if (!answered) await ack({ response_type: 'ephemeral', text: escapeSlack(notice.paragraphs.join('\n')) }).catch(() => undefined);
      }
    });
  });

  app.action(/^mc_/, async ({ body, ack }) => {
    await ack();
    await s.inFlight.run(async () => {
      const click = clickToInbound(body as unknown as SlackBlockActions, s.mapper);
      if (!click) return;
      const deliveryKey = payloadKey('action', body);
      try {
        if (click.kind !== 'choice') {
          if (!(await s.service.firstDelivery(deliveryKey))) return;
          return click.kind === 'share' ? await shareInChannel(s, click) : await handOff(s, click);
        }
        const answer = await answerInbound(s, { ...click, deliveryKey }, EVENT_LOCALE_BUDGET_MS);
        if (!answer.pages.length) return;
        // A follow-up under an ephemeral answer replaces it; elsewhere it is a new message in the same place.
        await s.delivery.answer(click.place, answer.pages, click.place.kind === 'ephemeral');
        await deliverFiles(s, click.place, click.message.userId, answer);
      } catch (error) {
        s.logger.error({ err: error, action: click.kind }, 'slack button click failed');
      }
    });
  });

  // One listener for the three events: Bolt runs every listener's filters on every request
  // (slash commands included), so each listener fewer is a few microseconds off every answer.
  app.event(EVENTS, async ({ event }) => {
    switch (event.type) {
      case 'app_mention':
        return answerMessage(s, mentionToInbound(event as unknown as SlackMessageEvent, s.mapper));
      case 'message':
        return answerMessage(s, messageToInbound(event as unknown as SlackMessageEvent, s.mapper));
      case 'app_home_opened':
        return openHome(s, event as unknown as SlackHomeEvent);
    }
  });

  app.error(async (error) => {
    s.logger.error({ err: error }, 'slack listener error');
  });
}

/** The App Home tab opened: its view is published (the Messages tab needs nothing). */
async function openHome(s: SlackServices, home: SlackHomeEvent): Promise<void> {
  if (home.tab !== 'home' || !home.user) return;
  await s.inFlight.run(async () => {
    try {
      await publishHome(s, home.user!);
    } catch (error) {
      s.logger.error({ err: error }, 'slack App Home publish failed');
    }
  });
}

/** A mention or a DM: answered once, in its thread or DM. */
async function answerMessage(s: SlackServices, inbound: SlackInbound | null): Promise<void> {
  if (!inbound) return;
  await s.inFlight.run(async () => {
    // Slack's retries, the same message as app_mention and as message, a copy on another replica:
    // answered once (the service checks the delivery key).
    try {
      const answer = await answerInbound(s, inbound, EVENT_LOCALE_BUDGET_MS);
      if (!answer.pages.length) return;
      await s.delivery.answer(inbound.place, answer.pages);
      await deliverFiles(s, inbound.place, inbound.message.userId, answer);
    } catch (error) {
      s.logger.error({ err: error, place: inbound.place.kind }, 'slack answer failed');
    }
  });
}

/** The value of `work` if it settles within `ms`, else undefined (the work goes on; a rejection is the caller's). */
async function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
