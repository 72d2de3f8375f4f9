import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import { newWebhookSecret, signWebhook } from '../../src/integrations/webhooks.ts'
import { report } from './support/report.ts'

// Recourse's webhook signatures against the standardwebhooks library, as
// a marketplace's receiver verifies them (5-minute timestamp tolerance).
const id = 'msg_01J9Z6Q7R8S9T0V1W2X3Y4Z5A6'
const body = JSON.stringify({ id, type: 'order.shipped', data: { orderId: 'o-1' } })

const headers = (secrets: readonly string[], ts: number, signedBody = body, signedTs = ts) => ({
  'webhook-id': id,
  'webhook-timestamp': String(ts),
  'webhook-signature': signWebhook(secrets, id, signedTs, signedBody),
})

const accepts = (secret: string, payload: string, h: Record<string, string>): boolean => {
  try {
    new Webhook(secret).verify(payload, h)
    return true
  } catch {
    return false
  }
}

describe('R-11 webhook signatures verified by the standardwebhooks library', () => {
  it('accepts only the valid ones', () => {
    // The library reads the clock again when it verifies, in whole seconds: a
    // case 1 s past the tolerance turned valid when a second ticked over in
    // between on a loaded machine, so the boundary cases keep 10 s of margin.
    const now = Math.floor(Date.now() / 1000)
    const old = newWebhookSecret()
    const rotated = newWebhookSecret()
    const stranger = newWebhookSecret()
    const cases: {
      name: string
      secret: string
      payload: string
      h: Record<string, string>
      valid: boolean
    }[] = [
      { name: 'valid', secret: old, payload: body, h: headers([old], now), valid: true },
      {
        name: 'tampered body',
        secret: old,
        payload: `${body} `,
        h: headers([old], now),
        valid: false,
      },
      {
        name: 'tampered body (a changed amount)',
        secret: old,
        payload: body.replace('o-1', 'o-2'),
        h: headers([old], now),
        valid: false,
      },
      {
        name: 'tampered timestamp',
        secret: old,
        payload: body,
        h: headers([old], now + 1, body, now),
        valid: false,
      },
      {
        name: 'timestamp −310 s',
        secret: old,
        payload: body,
        h: headers([old], now - 310),
        valid: false,
      },
      {
        name: 'timestamp +310 s',
        secret: old,
        payload: body,
        h: headers([old], now + 310),
        valid: false,
      },
      {
        name: 'timestamp −290 s',
        secret: old,
        payload: body,
        h: headers([old], now - 290),
        valid: true,
      },
      {
        name: 'timestamp +290 s',
        secret: old,
        payload: body,
        h: headers([old], now + 290),
        valid: true,
      },
      {
        name: 'rotation: both sign, old secret',
        secret: old,
        payload: body,
        h: headers([old, rotated], now),
        valid: true,
      },
      {
        name: 'rotation: both sign, new secret',
        secret: rotated,
        payload: body,
        h: headers([old, rotated], now),
        valid: true,
      },
      {
        name: 'after rotation: new only, old secret',
        secret: old,
        payload: body,
        h: headers([rotated], now),
        valid: false,
      },
      {
        name: 'before rotation: old only, new secret',
        secret: rotated,
        payload: body,
        h: headers([old], now),
        valid: false,
      },
      {
        name: 'another endpoint’s secret',
        secret: stranger,
        payload: body,
        h: headers([old, rotated], now),
        valid: false,
      },
      {
        name: 'tampered id',
        secret: old,
        payload: body,
        h: { ...headers([old], now), 'webhook-id': `${id}x` },
        valid: false,
      },
    ]
    const wrong = cases
      .filter((c) => accepts(c.secret, c.payload, c.h) !== c.valid)
      .map((c) => `${c.name}: expected ${c.valid ? 'accepted' : 'rejected'}`)
    report('R-11', {
      cases: cases.length,
      accepted: cases.filter((c) => c.valid).length,
      rejected: cases.filter((c) => !c.valid).length,
    })
    expect(wrong, `${wrong.length} of ${cases.length} cases verified wrongly`).toEqual([])
  })
})
