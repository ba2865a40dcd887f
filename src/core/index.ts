/**
 * The core's one door: everything outside src/core/ imports the core from here, never a file
 * inside it, so the core can be rearranged (and its understanding rewritten) behind this list.
 * The shared vocabulary (languages, protocols, clients) is in src/domain.ts.
 */

// The bot: understands a message and answers it from the knowledge base.
export { Bot, type BotOptions, type Exchange } from './bot';
export { ContextStore, type ContextStoreOptions, type ConversationState, type LastCheck, type Turn } from './context-store';
export {
  INTENTS,
  isIntent,
  isSymptom,
  SYMPTOMS,
  type Entities,
  type Handled,
  type InboundMessage,
  type Intent,
  type Reply,
  type ReplyAttachment,
  type ReplyCheck,
  type ReplyField,
  type ReplyLink,
  type ReplyMore,
  type ReplyOffers,
  type Suggestion,
  type Symptom,
  type Understanding,
} from './types';

// Suggestion buttons: what a click asks for, independent of wording.
export { decodeChoice, encodeChoice, type Choice } from './choices';

// An answer for an understanding, without a conversation (checks of the knowledge base).
export { Answerer } from './answers/compose';

// What a support agent gets, and what the user is told, when a person takes over.
export { handoffCase, handoffConfirmation, type HandoffRequester, type HandoffSummary } from './handoff';

// Languages: the one fallback order, and the language of a text.
export { fallbackLanguage, textLanguage, type LanguageClues } from './language';
export { langFromLocale } from './understanding/language';

// Text as the core reads it: redaction of secrets, folding, normalising, addresses.
export { redact, REDACTED } from './redact';
export { fold, normalise } from './understanding/normalise';
export { findAddress } from './understanding/entities';

// Understanding, for the tools: why a message was read as it was, and the trained model.
export { explain, explanationText, type Explanation } from './understanding/explain';
export { IntentModel, MODEL_FILE, readForModel, textFeatures, toModelFile, type FeatureSettings, type IntentModelFile } from './understanding/model';
export { NLU_DIR } from './understanding/nlu-files';
export { protectedWords } from './understanding/protected-words';

// Setup files: the account settings as the files mail apps install.
export { CONTENT_TYPES, createSetupFile, isSetupFormat, SETUP_FORMATS, type SetupFile, type SetupFileOptions, type SetupFormat } from './account-files/files';
export { SetupFileError, type SetupFileErrorCode } from './account-files/errors';
export { parseAddress } from './account-files/address';
export { OUTLOOK_RESPONSE_NS } from './account-files/outlook';
export { loadSigningIdentity, SigningMaterialError, type SigningMaterial } from './account-files/signing';
