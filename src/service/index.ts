/** The conversation service: what every platform adapter calls (see ConversationService). */
export { ConversationService, type ConversationServiceOptions, type Failure, type HandoffRequest, type Recipient } from './conversation-service';
export { checkTarget, DomainCheckAnswers, type CheckedReply, type DomainCheckAnswersOptions, type DomainChecks } from './domain-check';
export { InFlight } from './in-flight';
export { RateLimiter, type Admission, type RateLimitCounters, type RateLimiterOptions } from './rate-limiter';
export { RenderCache } from './render-cache';
export { conversationsIn, handoffClaimsInMemory, type ConversationStore, type HandoffClaims } from './state';
export { supportContact, type Requester, type SupportDesk } from './support-desk';
