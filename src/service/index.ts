/** The conversation service: what every platform adapter calls (see ConversationService). */
export { ConversationService, type ConversationServiceOptions, type Failure, type HandoffRequest, type Recipient } from './conversation-service';
export { checkTarget, DomainCheckAnswers, type CheckedReply, type DomainCheckAnswersOptions, type DomainChecks } from './domain-check';
export { InFlight } from './in-flight';
export { RateLimiter, type Admission, type RateLimitCounters, type RateLimiterOptions } from './rate-limiter';
export { RenderCache } from './render-cache';
export { SingleHolder, type ExclusiveJob, type SingleHolderOptions } from './single-holder';
export { conversationsIn, type ConversationStore, type Deliveries, type HandoffClaims, type KeptReplies } from './state';
export {
  checkRateLimitInStore,
  conversationsInStore,
  deliveriesInStore,
  FAMILY,
  handoffClaimsInStore,
  keptRepliesInStore,
  rateLimitsInStore,
  reportCacheInStore,
  serviceStateIn,
  type ServiceState,
  stateFamilyLimits,
  type StateLimits,
} from './stored-state';
export { supportContact, type Requester, type SupportDesk } from './support-desk';
