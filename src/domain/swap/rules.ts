import type { CaseReason, Fault } from '../../policy/vocabulary.ts'
import type { CaseFile } from '../case/state.ts'
import type { CaseStatus } from '../case/vocabulary.ts'
import type { SwapCaseRejection, SwapRejection } from './rejections.ts'

/**
 * The reasons a buyer files when the parcel held someone else's item: the
 * wrong item, or (as buyers often file it) an item not as described.
 */
export const swapReasons = [
  'wrong_item',
  'not_as_described',
] as const satisfies readonly CaseReason[]

/** A case is linked while an agent holds it for a decision, before any decision. */
export const swappableStatuses = ['escalated'] as const satisfies readonly CaseStatus[]

/**
 * Who mixed the parcels up, unless the agent says: one seller who shipped
 * both orders swapped the labels; two sellers cannot swap each other's
 * parcels, so the carrier (or its sorting) did.
 */
export const swapFault = (a: Pick<CaseFile, 'sellerId'>, b: Pick<CaseFile, 'sellerId'>): Fault =>
  a.sellerId === b.sellerId ? 'seller' : 'carrier'

/** The swap a case was linked into, from its follow-up (a case stays marked after the swap fails). */
export const swapOfCase = (c: Pick<CaseFile, 'followUp'>): string | null =>
  c.followUp?.kind === 'swap' ? c.followUp.key : null

/** Why one case cannot be linked into a swap, or `null`. */
export const caseSwapRefusal = (
  c: Pick<CaseFile, 'caseId' | 'status' | 'reason' | 'followUp'>,
): SwapCaseRejection | null => {
  const swapId = swapOfCase(c)
  if (swapId !== null) return { code: 'CASE_ALREADY_SWAPPED', caseId: c.caseId, swapId }
  if (!(swappableStatuses as readonly string[]).includes(c.status))
    return {
      code: 'CASE_NOT_SWAPPABLE',
      caseId: c.caseId,
      status: c.status,
      allowed: swappableStatuses,
    }
  if (!(swapReasons as readonly CaseReason[]).includes(c.reason))
    return {
      code: 'SWAP_REASON_NOT_ALLOWED',
      caseId: c.caseId,
      reason: c.reason,
      allowed: swapReasons,
    }
  return null
}

/** Why these two cases cannot be swapped with each other, or `null`. */
export const pairSwapRefusal = (a: CaseFile, b: CaseFile): SwapRejection | null => {
  if (a.caseId === b.caseId) return { code: 'SWAP_SAME_CASE', caseId: a.caseId }
  if (a.orderId === b.orderId) return { code: 'SWAP_SAME_ORDER', orderId: a.orderId }
  if (a.buyerId === b.buyerId) return { code: 'SWAP_SAME_BUYER', buyerId: a.buyerId }
  return caseSwapRefusal(a) ?? caseSwapRefusal(b)
}
