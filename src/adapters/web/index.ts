import { WebChatAdapter, type WebChatAdapterDeps } from './web-adapter';

export { caseReference } from './api';
export { WebChatAdapter, WEB_CHAT_PATHS, WIDGET_BUNDLE, type WebChatAdapterDeps } from './web-adapter';
export type { ChatResponse, ErrorResponse, MessageRequest, HandoffRequest } from './wire';

/**
 * The web chat for main: GET /chat (a demo page), /chat/widget.js (the embeddable widget) and
 * the JSON API under /chat/api/, added to `deps.http` (start the server afterwards).
 */
export function createWebChatAdapter(deps: WebChatAdapterDeps): WebChatAdapter {
  return new WebChatAdapter(deps);
}
