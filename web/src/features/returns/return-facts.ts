import type { Return, ReturnCondition } from '../../api/types.ts'
import type { Tone } from '../../lib/labels.ts'

const statuses: Record<string, [string, Tone]> = {
  label_issued: ['Label ready', 'info'],
  in_transit: ['On its way back', 'info'],
  delivered_to_seller: ['With the seller', 'warning'],
  inspected: ['Inspected', 'neutral'],
  refunded: ['Refunded', 'success'],
  inspection_disputed: ['Inspection disputed', 'danger'],
  closed: ['Closed', 'muted'],
  expired: ['Not shipped in time', 'muted'],
  cancelled: ['Cancelled', 'muted'],
}

export const returnStatusLabel = (status: string): [string, Tone] =>
  statuses[status] ?? [status.replaceAll('_', ' '), 'neutral']

export const conditionChoices: readonly {
  readonly id: ReturnCondition
  readonly label: string
  readonly hint: string
}[] = [
  {
    id: 'as_described',
    label: 'As described',
    hint: 'It came back as it left. The buyer gets the full refund.',
  },
  {
    id: 'used',
    label: 'Used',
    hint: 'Worn or used beyond trying on. You may keep back part of the refund.',
  },
  {
    id: 'damaged',
    label: 'Damaged',
    hint: 'Damaged since it was sent. You may keep back part of the refund.',
  },
  {
    id: 'different_item_returned',
    label: 'A different item came back',
    hint: 'Not the item you sold. An agent looks at it before any refund.',
  },
]

export const conditionLabel = (c: string | null): string =>
  c === null
    ? 'Not inspected in time'
    : (conditionChoices.find((x) => x.id === c)?.label ?? c.replaceAll('_', ' '))

/** The action if the return's `availableActions` offers it: the only source of buttons. */
export const returnAction = (r: Return, action: string) =>
  r.availableActions.find((a) => a.action === action)

const shippingPayers: Record<string, string> = {
  buyer: 'the buyer (taken from the refund)',
  seller: 'the seller',
  marketplace: 'the marketplace',
}
export const shippingPaidByLabel = (who: string): string => shippingPayers[who] ?? who
