const digitsCache = new Map<string, number>()

/** How many minor units a currency has (USD 2, JPY 0, BHD 3), as Intl knows it. */
export const minorDigits = (currency: string): number => {
  let digits = digitsCache.get(currency)
  if (digits === undefined) {
    try {
      digits =
        new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
          .maximumFractionDigits ?? 2
    } catch {
      digits = 2
    }
    digitsCache.set(currency, digits)
  }
  return digits
}

/** Integer minor units + ISO 4217 currency → "$52.00", "R$ 52,00", "¥5,200" in the viewer's locale. */
export const formatMoney = (minor: number, currency: string): string => {
  const digits = minorDigits(currency)
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(
      minor / 10 ** digits,
    )
  } catch {
    return `${(minor / 10 ** digits).toFixed(digits)} ${currency}`
  }
}

/** The currency's symbol as the viewer's locale writes it ("$", "R$", "€"), for an input's prefix. */
export const currencySymbol = (currency: string): string => {
  try {
    const part = new Intl.NumberFormat(undefined, { style: 'currency', currency })
      .formatToParts(0)
      .find((p) => p.type === 'currency')
    return part?.value ?? currency
  } catch {
    return currency
  }
}

export type MoneyParse =
  | { readonly ok: true; readonly minor: number }
  | {
      readonly ok: false
      readonly problem: 'empty' | 'format' | 'precision' | 'zero' | 'too_large'
    }

/**
 * What a person typed ("30", "30.5", "1,234.50", "30,50") as integer minor
 * units of `currency`, by string arithmetic only: 0.1 + 0.2 never happens to
 * money. The last `.` or `,` is the decimal point when up to the currency's
 * minor digits follow it; three digits after a separator group thousands
 * ("1,234", "1.234"). Forms show the parsed amount back, so a misread is seen.
 */
export const parseMoney = (text: string, currency: string): MoneyParse => {
  const digits = minorDigits(currency)
  const typed = text.replace(/[\s\u00a0\u202f]/g, '')
  if (typed === '') return { ok: false, problem: 'empty' }
  if (typed.includes('-')) return { ok: false, problem: 'format' }
  // A currency symbol or code around the number is fine ("$12", "12 USD").
  const raw = typed.replace(/^[^\d.,]+|[^\d.,]+$/g, '')
  if (!/^[\d.,]+$/.test(raw) || !/\d/.test(raw)) return { ok: false, problem: 'format' }
  let whole = raw
  let fraction = ''
  const last = Math.max(raw.lastIndexOf('.'), raw.lastIndexOf(','))
  if (last >= 0) {
    const after = raw.slice(last + 1)
    const grouping = after.length === 3 && digits < 3 && last > 0
    if (!grouping) {
      if (after.length > digits)
        return { ok: false, problem: digits === 0 ? 'format' : 'precision' }
      whole = raw.slice(0, last)
      fraction = after
    }
  }
  if (!/^(\d{1,3}([.,]\d{3})*|\d*)$/.test(whole)) return { ok: false, problem: 'format' }
  const minorText = `${whole.replace(/[.,]/g, '')}${fraction.padEnd(digits, '0')}`.replace(
    /^0+(?=\d)/,
    '',
  )
  if (minorText.length > 13) return { ok: false, problem: 'too_large' }
  const minor = Number(minorText)
  if (!Number.isSafeInteger(minor)) return { ok: false, problem: 'too_large' }
  if (minor === 0) return { ok: false, problem: 'zero' }
  return { ok: true, minor }
}

/** What is wrong with a typed amount, in words. */
export const moneyProblemText = (
  problem: Extract<MoneyParse, { ok: false }>['problem'],
  currency: string,
): string => {
  const digits = minorDigits(currency)
  switch (problem) {
    case 'empty':
      return 'Enter an amount.'
    case 'format':
      return digits === 0
        ? `Enter a whole amount in ${currency}, like 1500.`
        : `Enter an amount in ${currency}, like 25 or 25.50.`
    case 'precision':
      return `${currency} has ${digits} decimal place${digits === 1 ? '' : 's'}.`
    case 'zero':
      return 'The amount must be more than zero.'
    case 'too_large':
      return 'That amount is too large.'
  }
}

/** Minor units back into what a person would type ("30.50"), for prefilling an input. */
export const minorToInput = (minor: number, currency: string): string => {
  const digits = minorDigits(currency)
  if (digits === 0) return String(minor)
  const s = String(minor).padStart(digits + 1, '0')
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`
}
