import { describe, expect, it } from 'vitest'
import { defaultPolicy } from '../../policy/presets.ts'
import type { FindingKind } from './events.ts'
import { moderate, REDACTION_MARK } from './moderation.ts'

const everything = defaultPolicy.messaging.redact
const kinds = (text: string): FindingKind[] =>
  moderate(text, everything).findings.map((f) => f.kind)
const redacted = (text: string): string | null => moderate(text, everything).redacted

describe('moderation of contact details', () => {
  it.each([
    'write to ana.souza+shop@gmail.com',
    'ANA@EXAMPLE.CO.UK is my mail',
    'ana at gmail dot com',
    'ana (arroba) hotmail punto com',
  ])('finds the email in “%s”', (text) => {
    expect(kinds(text)).toEqual(['email'])
  })

  it.each([
    '+1 (555) 123-4567',
    '555-123-4567',
    '555.123.4567',
    '5551234567',
    '(555) 123 4567',
    '+55 11 98765-4321',
    '(11) 98765-4321',
    '06 12 34 56 78',
    '+33 6 12 34 56 78',
    '612 345 678',
    '+44 20 7946 0958',
    '0044 20 7946 0958',
    '555-1234',
  ])('finds the phone number %s', (phone) => {
    expect(kinds(`Call me on ${phone} tonight`)).toEqual(['phone'])
    expect(redacted(`Call me on ${phone} tonight`)).toBe(`Call me on ${REDACTION_MARK} tonight`)
  })

  it.each([
    'I paid 45.00 USD',
    'It measures 52 cm by 63 cm',
    'Sizes 38 40 42 44 fit',
    'Delivered on 2026-11-23',
    'Order #123456789 is late',
    'My order 123456789 never came',
    'Tracking 9400111899223334445566 shows nothing',
    'Total 1.234,56 EUR',
    'Shipped 23/11/2026',
  ])('leaves “%s” alone', (text) => {
    expect(kinds(text)).toEqual([])
  })
})

describe('moderation of links', () => {
  it.each([
    'see https://example.com/item?id=3',
    'see www.myshop.store',
    'message me at wa.me/5511987654321',
    'cheaper at bit.ly/abc',
    'look at myvintage.com.',
  ])('finds the link in “%s”', (text) => {
    expect(kinds(text)).toEqual(['link'])
  })

  it('does not take an email for a link too', () => {
    expect(kinds('ana@shop.com')).toEqual(['email'])
  })

  it('keeps the sentence’s full stop outside the mark', () => {
    expect(redacted('look at myvintage.com.')).toBe(`look at ${REDACTION_MARK}.`)
  })
})

describe('moderation of paying off the platform', () => {
  it.each([
    'pay me on Venmo and I ship today',
    'Can you pay me via PayPal friends and family?',
    'just send the money to my bank account',
    'pay me directly, it is cheaper',
    'Págame por Mercado Pago y te lo mando',
    'me paga via Pix que eu envio hoje',
    'Payez-moi par virement svp',
    'te pago por fuera de la plataforma',
  ])('finds the request in “%s”', (text) => {
    expect(kinds(text)).toContain('off_platform_payment')
  })

  it.each([
    'Can you pay me on Friday?',
    'I paid with PayPal at checkout',
    'Please send a photo of the label',
  ])('leaves “%s” alone', (text) => {
    expect(kinds(text)).toEqual([])
  })
})

describe('the policy knob', () => {
  it('hides only the kinds the policy redacts', () => {
    const onlyPhones = {
      emails: false,
      phoneNumbers: true,
      links: false,
      offPlatformPayment: false,
    }
    const m = moderate('ana@example.com or 555-123-4567 or example.com', onlyPhones)
    expect(m.findings.map((f) => f.kind)).toEqual(['phone'])
    expect(m.redacted).toBe(`ana@example.com or ${REDACTION_MARK} or example.com`)
  })

  it('says nothing when there is nothing to hide', () => {
    expect(moderate('The jacket has a hole in the sleeve.', everything)).toEqual({
      findings: [],
      redacted: null,
    })
  })
})
