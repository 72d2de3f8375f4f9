import { currencySymbol, moneyProblemText, parseMoney } from '../lib/money.ts'

/** A typed amount, read: integer minor units of its currency, or what is wrong with it in words. */
export type TypedAmount =
  { readonly ok: true; readonly minor: number } | { readonly ok: false; readonly problem: string }

/**
 * What a person typed into a MoneyInput ("25", "25.50", "1,234.50"), as minor
 * units of `currency` (2550 for 25.50 USD, 1500 for 1500 CLP).
 */
export const readAmount = (text: string, currency: string): TypedAmount => {
  const parsed = parseMoney(text, currency)
  return parsed.ok ? parsed : { ok: false, problem: moneyProblemText(parsed.problem, currency) }
}

/**
 * The one money input: the amount in the currency's major units as the
 * person types it, behind the currency's symbol. The form keeps the text
 * and reads it with `readAmount`, so what was typed is never reformatted
 * under the cursor. Label, hint and error come from the surrounding Field.
 */
export const MoneyInput = ({
  currency,
  value,
  onChange,
  placeholder = '0.00',
  small = false,
  ...described
}: {
  currency: string
  value: string
  onChange: (text: string) => void
  placeholder?: string
  small?: boolean
  id?: string
  'aria-describedby'?: string | undefined
  'aria-invalid'?: boolean
}) => (
  <div className={small ? 'money-input money-input-sm' : 'money-input'}>
    <span className="money-prefix" aria-hidden="true">
      {currencySymbol(currency)}
    </span>
    <input
      {...described}
      inputMode="decimal"
      autoComplete="off"
      value={value}
      placeholder={placeholder}
      onChange={(e) => onChange(e.target.value)}
    />
  </div>
)
