import type { DomainRefusalCode } from '../domain/rejections.ts'

/**
 * Refusals the app services raise around the deciders: a thing that is not
 * there or not the caller's, a stale `If-Match`, a file, label, webhook or
 * notification setting that does not check out, a simulated policy that does
 * not parse, a sandbox clock asked to go back. They travel like a decider's
 * refusal (problem+json through `rejectionProblem`, status from `statusByCode`).
 */
export const serviceRefusalCodes = [
  'NOT_FOUND',
  'VERSION_MISMATCH',
  'FILE_NOT_FOUND',
  'FILE_TYPE_NOT_ALLOWED',
  'FILE_EMPTY',
  'ASSIGNEE_NOT_AN_AGENT',
  'LABEL_UNAVAILABLE',
  'REPLACEMENT_ALREADY_SHIPPED',
  'REPLACEMENT_NOT_SHIPPED',
  'INVALID_TIME_ZONE',
  'INVALID_WEBHOOK_URL',
  'UNKNOWN_EVENT_TYPE',
  'UNKNOWN_NOTIFICATION_TYPE',
  'UNKNOWN_PRESET',
  'UNKNOWN_POLICY_KNOB',
  'INVALID_POLICY_VALUE',
  'CLOCK_CANNOT_GO_BACK',
] as const
export type ServiceRefusalCode = (typeof serviceRefusalCodes)[number]

/** Every code a refusal can carry, from a decider or an app service. */
export type RefusalCode = DomainRefusalCode | ServiceRefusalCode

/**
 * Problems only the HTTP layer raises, about the request rather than the
 * business: who is calling, the headers that make a retry safe, the body's
 * shape and size, the rate limit, a route that does not exist, a crash.
 */
export const httpProblemCodes = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'INVALID_TOKEN',
  'INVALID_API_KEY',
  'FORBIDDEN',
  'RATE_LIMITED',
  'ROUTE_NOT_FOUND',
  'PAYLOAD_TOO_LARGE',
  'INTERNAL_ERROR',
  'IF_MATCH_REQUIRED',
  'INVALID_IF_MATCH',
  'INVALID_IDEMPOTENCY_KEY',
  'IDEMPOTENCY_KEY_REUSED',
  'IDEMPOTENCY_KEY_IN_PROGRESS',
  'MULTIPART_REQUIRED',
  'MALFORMED_MULTIPART',
  'FILE_REQUIRED',
  'FILE_TOO_LARGE',
  'INVALID_DURATION',
  'INVALID_POLICY',
  'SANDBOX_DISABLED',
  'JSON_TOO_DEEP',
  'MALFORMED_JSON',
  'MALFORMED_URL',
  'BAD_REQUEST',
  'METHOD_NOT_ALLOWED',
  'REQUEST_TIMEOUT',
  'URI_TOO_LONG',
  'UNSUPPORTED_MEDIA_TYPE',
  'HEADERS_TOO_LARGE',
  'CSRF_REFUSED',
  'NO_SESSION',
  'HANDOFF_INVALID',
  'DEMO_ONLY',
] as const
export type HttpProblemCode = (typeof httpProblemCodes)[number]

/**
 * Every code a problem+json answer can carry. Fastify's own 4xx errors are
 * mapped to the HTTP codes above (`errors.ts`), but a client must still read
 * an unknown code as "that did not work".
 */
export type ProblemCode = RefusalCode | HttpProblemCode
