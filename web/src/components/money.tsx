import { formatMoney } from '../lib/money.ts'

export const Money = ({ minor, currency }: { minor: number; currency: string }) => (
  <span className="money">{formatMoney(minor, currency)}</span>
)
