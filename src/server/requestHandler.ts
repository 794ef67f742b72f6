import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A Node `http` request handler that answers its own path and hands every other request to `next`
 * (404 without one). So one handler serves a whole `http.createServer(handler)`, several share a
 * server (`createSignalingServer({ requestHandlers })`), and each mounts in Express or Connect as is.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * const server = createServer((request, response) =>
 *   ingest(request, response, () => metrics.handler(request, response)),
 * );
 * ```
 */
export type RequestHandler = (request: IncomingMessage, response: ServerResponse, next?: () => void) => void;

/** The pathname of a request (no query). */
export function pathOf(request: IncomingMessage): string {
  return new URL(request.url ?? '/', 'http://localhost').pathname;
}

/** Runs `handlers` in turn, each one's `next` being the following one, then `last`. */
export function chainHandlers(
  handlers: readonly RequestHandler[],
  request: IncomingMessage,
  response: ServerResponse,
  last: () => void,
): void {
  const at = (index: number): void => {
    const handler = handlers[index];
    if (handler) handler(request, response, () => at(index + 1));
    else last();
  };
  at(0);
}

/** The answer to a request no handler took. */
export function notFound(response: ServerResponse): void {
  response.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
}
