import type { Instant } from '../../policy/time.ts'
import type { Currency, Minor } from '../shared/money.ts'

/** ISO 4217 currencies without minor units (CLP matters to the Mercado Libre preset). */
const zeroDecimal = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'ISK',
  'JPY',
  'KMF',
  'KRW',
  'PYG',
  'RWF',
  'UGX',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
])
const threeDecimal = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'])

/** `4500, 'USD'` → `45.00 USD`; integer arithmetic only. */
export const formatMoney = (amount: Minor | number, currency: Currency): string => {
  const digits = zeroDecimal.has(currency) ? 0 : threeDecimal.has(currency) ? 3 : 2
  const sign = amount < 0 ? '-' : ''
  const abs = String(Math.abs(amount)).padStart(digits + 1, '0')
  const whole = digits === 0 ? abs : abs.slice(0, -digits)
  const fraction = digits === 0 ? '' : `.${abs.slice(-digits)}`
  return `${sign}${whole}${fraction} ${currency}`
}

/** `2026-03-11T15:00:00.000Z` → `2026-03-11 15:00 UTC`. */
export const formatInstant = (t: Instant): string => `${t.slice(0, 10)} ${t.slice(11, 16)} UTC`

/** `not_as_described` → `not as described`. */
export const humanize = (code: string): string => code.replaceAll('_', ' ')
