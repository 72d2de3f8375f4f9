import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { Queryable } from '../../store/database.ts'
import { returnLabels, swapLabels } from '../../store/schema-money.ts'
import type { LabelProvider, PostalParty, PurchasedLabel } from '../../integrations/labels.ts'
import type { Outcome } from '../command-runner.ts'
import { done, refused } from '../command-runner.ts'

/** Crockford's base 32: no I, L, O or U, so an RMA read over the phone is not misheard. */
const RMA_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** `RMA-XXXX-XXXX`: 40 random bits, eight base-32 characters. */
export const newRma = (random: (size: number) => Buffer = randomBytes): string => {
  const bytes = random(5)
  let bits = 0n
  for (const b of bytes) bits = (bits << 8n) | BigInt(b)
  let chars = ''
  for (let i = 0; i < 8; i++) {
    chars = (RMA_ALPHABET[Number(bits & 31n)] ?? '0') + chars
    bits >>= 5n
  }
  return `RMA-${chars.slice(0, 4)}-${chars.slice(4)}`
}

/**
 * An RMA no parcel has yet: return and swap labels share one number space
 * (one number, one parcel). 40 random bits make a clash rare, not
 * impossible: draw again rather than fail the command.
 */
export const freshRma = async (
  q: Queryable,
  random: (size: number) => Buffer = randomBytes,
): Promise<string> => {
  for (;;) {
    const rma = newRma(random)
    const [inReturns, inSwaps] = await Promise.all([
      q.select({ rma: returnLabels.rma }).from(returnLabels).where(eq(returnLabels.rma, rma)),
      q.select({ rma: swapLabels.rma }).from(swapLabels).where(eq(swapLabels.rma, rma)),
    ])
    if (inReturns.length === 0 && inSwaps.length === 0) return rma
  }
}

/**
 * A fresh RMA and the label bought for it, for a parcel of these lines. The
 * provider is asked with `idempotencyKey`, the same on every retry of the
 * command, and refuses with `LABEL_UNAVAILABLE`.
 */
export const buyLabel = async (
  q: Queryable,
  labels: LabelProvider,
  random: (size: number) => Buffer,
  request: {
    readonly idempotencyKey: string
    readonly returnId: string
    readonly currency: string
    readonly parties: { readonly from: PostalParty; readonly to: PostalParty }
    readonly lines: readonly { readonly quantity: number }[]
  },
): Promise<Outcome<{ rma: string; label: PurchasedLabel }>> => {
  const rma = await freshRma(q, random)
  const purchased = await labels.purchase({
    idempotencyKey: request.idempotencyKey,
    returnId: request.returnId,
    rma,
    currency: request.currency,
    from: request.parties.from,
    to: request.parties.to,
    items: request.lines.reduce((n, l) => n + l.quantity, 0),
  })
  return purchased.ok ? done({ rma, label: purchased.label }) : refused(purchased.rejection)
}
