import { createHmac, randomBytes } from 'node:crypto'
import { OutboundRefused, outboundRequest, type OutboundPolicy } from './outbound.ts'

/**
 * Standard Webhooks (https://www.standardwebhooks.com): every request carries
 * `webhook-id` (the event id: the same on every retry, so receivers
 * deduplicate on it), `webhook-timestamp` (Unix seconds of this attempt) and
 * `webhook-signature` (`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one
 * per valid secret, space-separated, so a receiver holding either secret of a
 * rotation accepts it).
 */

const SECRET_PREFIX = 'whsec_'

/** A new signing secret: `whsec_` and 32 random bytes in base64, the format receivers' libraries expect. */
export const newWebhookSecret = (): string =>
  `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`

const secretKey = (secret: string): Buffer =>
  Buffer.from(
    secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret,
    'base64',
  )

/** The `webhook-signature` header for a body, signed with every secret given. */
export const signWebhook = (
  secrets: readonly string[],
  id: string,
  timestampSeconds: number,
  body: string,
): string =>
  secrets
    .map(
      (s) =>
        `v1,${createHmac('sha256', secretKey(s)).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`,
    )
    .join(' ')

/** What one HTTP attempt came to, for the delivery log. */
export interface WebhookAttemptResult {
  /** The HTTP status, or `null` when no response came (refused, timed out, DNS). */
  readonly statusCode: number | null
  readonly latencyMs: number
  readonly ok: boolean
  /** The start of the response body, for the log (the receiver's error message). */
  readonly responseExcerpt: string | null
  readonly error: string | null
}

/** How much of a response body the delivery log keeps. */
export const RESPONSE_EXCERPT_CHARS = 1000

export interface PostWebhookOptions {
  readonly url: string
  readonly id: string
  readonly body: string
  readonly secrets: readonly string[]
  /** Seconds since the epoch, from the real clock: receivers reject timestamps far from theirs. */
  readonly timestampSeconds: number
  readonly timeoutMs: number
  readonly userAgent?: string
  /** Where a delivery may go; the URL is checked again before every attempt. */
  readonly outbound: OutboundPolicy
}

/**
 * One delivery attempt. Only a 2xx answer counts; redirects are not followed
 * (a moved endpoint must be re-registered, not silently chased). The URL is
 * checked against the outbound policy first and the connection goes to the
 * address checked, so a name that now resolves to a private address is
 * refused here even if it was public at registration; a refused target has
 * no excerpt, since nothing was sent.
 */
export const postWebhook = async (o: PostWebhookOptions): Promise<WebhookAttemptResult> => {
  const started = performance.now()
  const latency = (): number => Math.round(performance.now() - started)
  try {
    const response = await outboundRequest(o.url, o.outbound, {
      method: 'POST',
      timeoutMs: o.timeoutMs,
      // Enough bytes for the excerpt even if every character takes four.
      maxBytes: RESPONSE_EXCERPT_CHARS * 4,
      headers: {
        'content-type': 'application/json',
        'user-agent': o.userAgent ?? 'Recourse-Webhooks/1',
        'webhook-id': o.id,
        'webhook-timestamp': String(o.timestampSeconds),
        'webhook-signature': signWebhook(o.secrets, o.id, o.timestampSeconds, o.body),
      },
      body: o.body,
    })
    const excerpt = response.body.toString('utf8').slice(0, RESPONSE_EXCERPT_CHARS) || null
    const ok = response.status >= 200 && response.status < 300
    return {
      statusCode: response.status,
      latencyMs: latency(),
      ok,
      responseExcerpt: excerpt,
      error: ok ? null : `HTTP ${response.status}`,
    }
  } catch (error) {
    const e = error as Error & { code?: string; cause?: { code?: string } }
    const reason =
      error instanceof OutboundRefused
        ? error.message
        : e.name === 'TimeoutError'
          ? `timed out after ${o.timeoutMs} ms`
          : (e.code ?? e.cause?.code ?? e.message)
    return {
      statusCode: null,
      latencyMs: latency(),
      ok: false,
      responseExcerpt: null,
      error: reason,
    }
  }
}
