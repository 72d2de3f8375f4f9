// The projector's order and case rows read back from their tables.
import { eq } from 'drizzle-orm'
import { instant } from '../../policy/time.ts'
import type { Queryable } from '../../store/database.ts'
import { insightCases, insightOrders } from '../../store/schema-insights.ts'
import type { CaseRow, OrderLineFacts, OrderRow } from '../projection.ts'

/** Postgres prints `2026-11-23 14:00:00+00`; rows carry ISO-8601 like the events. */
const iso = (value: string | null): string | null => (value === null ? null : instant(value))
const isoRequired = (value: string): string => instant(value)

const toOrderRow = (r: typeof insightOrders.$inferSelect): OrderRow => ({
  orderId: r.orderId,
  sellerId: r.sellerId,
  buyerId: r.buyerId,
  purchasedAt: isoRequired(r.purchasedAt),
  shipBy: isoRequired(r.shipBy),
  estimatedDeliveryAt: isoRequired(r.estimatedDeliveryAt),
  currency: r.currency,
  total: r.total,
  category: r.category,
  lines: r.lines as OrderLineFacts[],
  shippedAt: iso(r.shippedAt),
  deliveredAt: iso(r.deliveredAt),
  cancelledAt: iso(r.cancelledAt),
  cancelRequestedBy: r.cancelRequestedBy,
  cancelReason: r.cancelReason,
  nadLines: r.nadLines as string[],
})

const toCaseRow = (r: typeof insightCases.$inferSelect): CaseRow => ({
  ...r,
  evidenceKinds: r.evidenceKinds as string[],
  openedAt: isoRequired(r.openedAt),
  respondBy: isoRequired(r.respondBy),
  respondedAt: iso(r.respondedAt),
  escalatedAt: iso(r.escalatedAt),
  decidedAt: iso(r.decidedAt),
  closedAt: iso(r.closedAt),
})

export const loadOrderRow = async (q: Queryable, orderId: string): Promise<OrderRow | null> => {
  const rows = await q.select().from(insightOrders).where(eq(insightOrders.orderId, orderId))
  return rows[0] ? toOrderRow(rows[0]) : null
}

export const loadCaseRow = async (q: Queryable, caseId: string): Promise<CaseRow | null> => {
  const rows = await q.select().from(insightCases).where(eq(insightCases.caseId, caseId))
  return rows[0] ? toCaseRow(rows[0]) : null
}
