export type { WebChatBackend } from './backend';
export { WebChatAdapter, WEB_CHAT_PATHS, WIDGET_BUNDLE, type WebChatAdapterOptions } from './web-adapter';
export type { ChatResponse, ErrorResponse, MessageRequest, HandoffRequest } from './wire';
