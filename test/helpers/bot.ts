import { renderText } from '../../src/adapters/console/render-text';
import { Bot, type BotOptions } from '../../src/core/bot';
import type { Handled, InboundMessage } from '../../src/core/types';
import { Translations } from '../../src/i18n';
import { loadKnowledgeBase } from '../../src/knowledge/load';
import type { KnowledgeBase } from '../../src/knowledge/settings';
import { IntentModel } from '../../src/core';
import { silentLogger } from '../../src/logger';
import { ConversationService, type ConversationServiceOptions } from '../../src/service';

let translations: Translations | undefined;
let model: IntentModel | undefined;

/** The shipped intent model, read once per test file. */
export function sharedModel(): IntentModel | undefined {
  model ??= IntentModel.load();
  return model;
}

/** Translations are read once per test file: they never change during a run. */
export function sharedTranslations(): Translations {
  translations ??= new Translations();
  return translations;
}

export const TEST_BOT_OPTIONS: BotOptions = {
  defaultLang: 'fr',
  minConfidence: 0.5,
  maxInputChars: 2000,
  contextTtlMs: 30 * 60 * 1000,
  contextMaxEntries: 1000,
};

export function createTestBot(overrides: Partial<BotOptions> = {}, kb: KnowledgeBase = loadKnowledgeBase()): Bot {
  return new Bot(kb, sharedTranslations(), { ...TEST_BOT_OPTIONS, intentModel: sharedModel(), ...overrides });
}

/** The conversation service on a test bot, logging nowhere unless told; options as the app's (metrics, limits…). */
export function createTestService(options: Partial<ConversationServiceOptions> = {}): ConversationService {
  return new ConversationService({ bot: createTestBot(), logger: silentLogger(), ...options });
}

/** A console-like message with overridable fields. */
export function inbound(text: string, overrides: Partial<InboundMessage> = {}): InboundMessage {
  return { platform: 'test', conversationId: 'conv-1', userId: 'user-1', text, ...overrides };
}

/** Asks one question in a fresh conversation; returns what was understood and the plain-text answer. */
export function ask(text: string, overrides: Partial<InboundMessage> = {}, bot = createTestBot()): Handled & { text: string } {
  const handled = bot.process(inbound(text, overrides));
  return { ...handled, text: renderText(handled.reply) };
}
