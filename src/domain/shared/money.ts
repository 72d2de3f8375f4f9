/**
 * Money is always an integer number of minor units (cents, centavos) with an
 * ISO 4217 currency. Floats never hold money: 0.1 + 0.2 is not 0.3.
 */
export type Minor = number & { readonly __brand: 'Minor' }

/** ISO 4217 code, upper case, e.g. `USD`, `BRL`. */
export type Currency = string

export interface Money {
  readonly amount: Minor
  readonly currency: Currency
}

export const minor = (amount: number): Minor => {
  if (!Number.isSafeInteger(amount))
    throw new RangeError(`not an integer amount of minor units: ${amount}`)
  return amount as Minor
}

export const money = (amount: number, currency: Currency): Money => ({
  amount: minor(amount),
  currency,
})

export const addMinor = (a: Minor, b: Minor): Minor => minor(a + b)
export const sumMinor = (values: readonly Minor[]): Minor =>
  minor(values.reduce((s, v) => s + v, 0))
