/**
 * Chromium fails the 256th open WebSocket of a page ("Insufficient resources"); refusing well
 * before that keeps the failure explicable. On its own so the page can name it without the runtime.
 */
export const MAX_OPEN_CONNECTIONS = 200
