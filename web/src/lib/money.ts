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
