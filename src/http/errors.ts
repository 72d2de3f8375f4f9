import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { HttpProblem, problemBody } from './problems.ts'
import type { HttpProblemCode } from './refusal-codes.ts'

/**
 * Every error answers application/problem+json with a stable `code`, Fastify's
 * own included (issue #16): its error codes are an implementation detail that
 * changes between versions, so they are mapped to ours here, and anything
 * unmapped is named by its status.
 */
const byFastifyCode: Readonly<Record<string, HttpProblemCode>> = {
  FST_ERR_BAD_URL: 'MALFORMED_URL',
  FST_ERR_MAX_PARAM_LENGTH: 'URI_TOO_LONG',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_ASYNC_CONSTRAINT: 'BAD_REQUEST',
}

const byStatus: Readonly<Record<number, HttpProblemCode>> = {
  404: 'ROUTE_NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  431: 'HEADERS_TOO_LARGE',
}

const plainDetail: Readonly<Partial<Record<HttpProblemCode, string>>> = {
  MALFORMED_URL: 'The URL is not validly percent-encoded.',
  URI_TOO_LONG: 'A path segment is longer than any identifier.',
  MALFORMED_JSON: 'The body is not valid JSON.',
  UNSUPPORTED_MEDIA_TYPE:
    'Send application/json (or multipart/form-data where the operation says so).',
}

/** The problem for an error Fastify (or a parser) raised about the request itself, or null. */
export const frameworkProblem = (error: unknown): HttpProblem | null => {
  if (error instanceof HttpProblem) return error
  const e = error as Partial<FastifyError> & { name?: string }
  const status = e.statusCode
  if (!status || status < 400 || status >= 500) return null
  const code: HttpProblemCode =
    (e.code ? byFastifyCode[e.code] : undefined) ??
    (e.name === 'SyntaxError' ? 'MALFORMED_JSON' : undefined) ??
    byStatus[status] ??
    'BAD_REQUEST'
  return new HttpProblem(status, code, plainDetail[code] ?? e.message ?? 'Bad request.')
}

export const sendProblem = (reply: FastifyReply, problem: HttpProblem): FastifyReply =>
  reply
    .code(problem.status)
    .type('application/problem+json')
    .send(problemBody(problem.status, problem.code, problem.detail, problem.data))

/** Fastify's `frameworkErrors`: a bad URL encoding, a path parameter over `maxParamLength`. */
export const onFrameworkError = (
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void => {
  void sendProblem(
    reply,
    frameworkProblem(error) ?? new HttpProblem(400, 'BAD_REQUEST', 'Bad request.'),
  )
}

/**
 * Fastify's `clientErrorHandler`: Node's HTTP parser refused the request
 * before any route ran (headers over `maxHeaderSize` → 431, a malformed
 * request line → 400, a request that took too long → 408). The answer is
 * written on the socket, as problem+json like every other.
 */
export function onClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const [status, code, detail]: [number, HttpProblemCode, string] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HEADERS_TOO_LARGE', 'The request headers are larger than the server accepts.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT', 'The request took too long to arrive.']
        : [400, 'BAD_REQUEST', 'The request is not valid HTTP.']
  if (!socket.writable) {
    socket.destroy(error)
    return
  }
  const body = JSON.stringify(problemBody(status, code, detail))
  socket.write(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Content-Type: application/problem+json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  )
  socket.destroy(error)
}
