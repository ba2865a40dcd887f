import type { Config } from './config';
import { Bot, IntentModel } from './core';
import { Translations } from './i18n';
import { loadKnowledgeBase } from './knowledge/load';

/** Knowledge base, translations and bot, built from a validated config (shared by every entry point). */
export function createBot(config: Config, followUps: 'chat' | 'explicit' = 'chat', decider?: 'rules' | 'model' | 'combined'): Bot {
  const kb = loadKnowledgeBase(config.knowledgeBaseFile);
  return new Bot(kb, new Translations(), {
    defaultLang: config.defaultLang,
    minConfidence: config.minConfidence,
    maxInputChars: config.maxInputChars,
    contextTtlMs: config.contextTtlMs,
    contextMaxEntries: config.contextMaxEntries,
    followUps,
    profileSigning: config.profileSigning,
    answerCacheSize: config.answerCacheSize,
    intentModel: IntentModel.load(),
    decider,
    domainCheck: config.diagnostics.enabled,
  });
}
