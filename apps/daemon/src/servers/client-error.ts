import type { Duplex } from 'node:stream';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';

/** Largest request head (request line and headers) parsed. Queries carry their input in the URL. */
export const MAX_HTTP_HEADER_BYTES = 128 * 1024;

/**
 * Answers a request Node's HTTP parser refused (garbage, a half request, a head over
 * MAX_HTTP_HEADER_BYTES) with a tRPC-shaped JSON error instead of a bare status line, so a tRPC
 * client shows a clear PAYLOAD_TOO_LARGE or BAD_REQUEST rather than a JSON parse error.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const code = tooLarge ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
  const message = tooLarge
    ? `request head larger than ${MAX_HTTP_HEADER_BYTES} bytes; send big inputs in a POST body`
    : 'malformed HTTP request';
  const body = JSON.stringify({
    error: { message, code: TRPC_ERROR_CODES_BY_KEY[code], data: { code, httpStatus: status } },
  });
  socket.end(
    `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
