// The reply model the server sends, as types only (nothing of the core goes into the bundle).
// From core/types.ts rather than the core's door: the door also exports Node-only code, which
// this browser-only project (web/tsconfig.json, DOM and no Node types) cannot type-check.
export type { Reply, ReplyAttachment, ReplyCheck } from '../../src/core/types';
export type { Lang } from '../../src/domain';
