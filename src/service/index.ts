/** The conversation service: what every platform adapter calls (see ConversationService). */
export { ConversationService, type ConversationServiceOptions, type Failure, type HandoffRequest, type Recipient } from './conversation-service';
export { InFlight } from './in-flight';
export { RateLimiter, type Admission, type RateLimitCounters, type RateLimiterOptions } from './rate-limiter';
export { RenderCache } from './render-cache';
export { SingleHolder, type ExclusiveJob, type SingleHolderOptions } from './single-holder';
export { conversationsIn, type ConversationStore, type Deliveries, type HandoffClaims, type KeptReplies } from './state';
export {
  conversationsInStore,
  deliveriesInStore,
  FAMILY,
  handoffClaimsInStore,
  keptRepliesInStore,
  rateLimitsInStore,
  serviceStateIn,
  stateFamilyLimits,
  type StateLimits,
} from './stored-state';
export type { Requester, SupportDesk } from './support-desk';
