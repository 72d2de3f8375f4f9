import { Type } from 'typebox'
import type { Rejection } from '../domain/shared/decider.ts'
import type { ProblemCode, RefusalCode } from './refusal-codes.ts'

/**
 * Errors are RFC 9457 problem details with a stable `code` clients switch on;
 * the refusal's data (e.g. `closedAt`) rides along as extension members.
 */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'Stable machine-readable code, e.g. CANCEL_WINDOW_ELAPSED' }),
  },
  { $id: 'Problem', additionalProperties: true },
)

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: ProblemCode,
    readonly detail: string,
    readonly data: Record<string, unknown> = {},
  ) {
    super(detail)
  }
}

export const notFound = (what = 'resource'): HttpProblem =>
  new HttpProblem(404, 'NOT_FOUND', `No such ${what}, or it is not yours to see.`)

export const forbidden = (detail = 'Your role may not do this.'): HttpProblem =>
  new HttpProblem(403, 'FORBIDDEN', detail)

/**
 * The one table from refusal codes to HTTP statuses: 409 when the object's
 * current state forbids the move (retrying later may work), 404 for missing
 * things, 403 for the wrong party, 422 for every other rule (the default).
 * Typed on the refusal codes, so a code no decider or service raises does not compile.
 */
const statusByCode: { readonly [C in RefusalCode]?: number } = {
  NOT_A_PARTY: 404,
  ORDER_NOT_FOUND: 404,
  OFFER_NOT_FOUND: 404,
  NOT_FOUND: 404,
  ORDER_ALREADY_IMPORTED: 409,
  ALREADY_SHIPPED: 409,
  ORDER_CANCELLED: 409,
  ORDER_ACCEPTED: 409,
  ORDER_NOT_DELIVERED: 409,
  NOT_SHIPPED: 409,
  ALREADY_DELIVERED: 409,
  CASE_OPEN: 409,
  CANCELLATION_EXISTS: 409,
  CANCELLATION_NOT_PENDING: 409,
  CANCELLATION_NOT_UNDER_REVIEW: 409,
  CASE_ALREADY_OPEN: 409,
  OFFER_PENDING: 409,
  NOT_ALLOWED_IN_STATUS: 409,
  ALREADY_CAPTURED: 409,
  NOT_CAPTURED: 409,
  REFUND_NOT_FOUND: 404,
  REFUND_KEY_CONFLICT: 409,
  REFUND_ID_IN_USE: 409,
  REFUND_ALREADY_SETTLED: 409,
  REFUND_NOT_FAILED: 409,
  REFUND_NOT_BY_CARD: 409,
  PAYOUT_HELD_BY_CASE: 409,
  // A chargeback holds the money: wait for the card issuer's decision.
  PAYMENT_DISPUTE_OPEN: 409,
  PAYOUT_HELD_BY_PAYMENT_DISPUTE: 409,
  CHARGEBACK_NOT_HELD: 409,
  PAYMENT_DISPUTE_CONFLICT: 409,
  PAYMENT_DISPUTE_NOT_FOUND: 404,
  PAYMENT_DISPUTE_STATUS_CONFLICT: 409,
  LABEL_ALREADY_PAID: 409,
  DEBIT_KEY_CONFLICT: 409,
  GRANT_KEY_CONFLICT: 409,
  RETURN_NOT_FOUND: 404,
  RETURN_EXISTS: 409,
  RETURN_STATUS_CONFLICT: 409,
  SWAP_NOT_FOUND: 404,
  SWAP_EXISTS: 409,
  SWAP_STATUS_CONFLICT: 409,
  SWAP_LEG_STATUS_CONFLICT: 409,
  CASE_NOT_SWAPPABLE: 409,
  CASE_ALREADY_SWAPPED: 409,
  NO_FOLLOW_UP_RUNNING: 409,
  REPLACEMENT_ALREADY_SHIPPED: 409,
  REPLACEMENT_NOT_SHIPPED: 409,
  LABEL_UNAVAILABLE: 503,
  CONVERSATION_LOCKED: 409,
  MESSAGE_ALREADY_POSTED: 409,
  NOT_A_PARTICIPANT: 404,
  APPEAL_NOT_FOUND: 404,
  APPEAL_EXISTS: 409,
  APPEAL_ALREADY_OPEN: 409,
  APPEAL_ALREADY_DECIDED: 409,
  // The buyer's record raises no signal now: nothing to appeal until it does.
  NO_ABUSE_SIGNALS: 409,
  VERSION_MISMATCH: 412,
  ROLE_NOT_ALLOWED: 403,
  ACTOR_NOT_ALLOWED: 403,
  STAFF_NOT_FOUND: 404,
  STAFF_EMAIL_TAKEN: 409,
  STAFF_STATUS_CONFLICT: 409,
  LAST_ADMIN: 409,
  CANNOT_DEACTIVATE_SELF: 409,
  INVITATION_NOT_FOUND: 404,
  INVITATION_EXPIRED: 410,
  SIGN_IN_FAILED: 401,
  SIGN_IN_THROTTLED: 429,
  SIGN_IN_CHALLENGE_EXPIRED: 401,
  SECOND_FACTOR_INVALID: 401,
  SECOND_FACTOR_REQUIRED: 409,
  TOTP_ALREADY_ENROLLED: 409,
  TOTP_ENROLMENT_NOT_STARTED: 409,
  PASSWORD_SIGN_IN_DISABLED: 401,
}

export const statusForRejection = (code: string): number => {
  const byAnyCode: Readonly<Record<string, number | undefined>> = statusByCode
  return (Object.hasOwn(byAnyCode, code) ? byAnyCode[code] : undefined) ?? 422
}

const sentenceFromCode = (code: string): string => {
  const words = code.toLowerCase().replaceAll('_', ' ')
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}.`
}

export type Explainer = (rejection: Rejection) => string | undefined

const explainers: Explainer[] = []

/** Each aggregate registers how to say its refusals in a sentence. */
export const registerExplainer = (explainer: Explainer): void => {
  explainers.push(explainer)
}

export const explainRejection = (rejection: Rejection): string => {
  for (const explain of explainers) {
    const text = explain(rejection)
    if (text) return text
  }
  return sentenceFromCode(rejection.code)
}

export const problemBody = (
  status: number,
  code: string,
  detail: string,
  data: Record<string, unknown> = {},
): Record<string, unknown> => ({
  ...data,
  type: `https://recourse.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
  title: sentenceFromCode(code).slice(0, -1),
  status,
  detail,
  code,
})

export const rejectionProblem = (
  rejection: Rejection,
): { status: number; body: Record<string, unknown> } => {
  const { code, ...data } = rejection
  const status = statusForRejection(code)
  return { status, body: problemBody(status, code, explainRejection(rejection), data) }
}
