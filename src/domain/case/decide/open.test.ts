import { describe, it } from 'vitest'
import { defaultPolicy, presets } from '../../../policy/presets.ts'
import type { Policy } from '../../../policy/types.ts'
import {
  aLine,
  anOrder,
  orderAccepted,
  orderCancelled,
  orderCaseOpened,
  orderDelivered,
  orderFrom,
  orderShipped,
} from '../../order/fixtures.ts'
import { type CaseId, type EvidenceId, type OrderLineId, asId } from '../../shared/ids.ts'
import { minor } from '../../shared/money.ts'
import { specFor } from '../../shared/spec.ts'
import {
  aWorld,
  agent,
  buyer,
  buyerId,
  caseContext,
  daysAfter,
  deliveredOrder,
  expire,
  hoursAfter,
  monday,
  openCase,
  openFor,
  photo,
  scheduler,
  seller,
  sellerId,
  strangerBuyer,
  undeliveredOrder,
  wednesday,
} from '../fixtures.ts'
import { caseDecider } from '../index.ts'
import { escalate, opened, respondBy, world } from './stories.ts'

const { given } = specFor(caseDecider)

describe('case decider', () => {
  describe('when no case is open', () => {
    it('opens a case on the whole order: the claim is lines, shipping and tax; the seller responds within the policy time', () => {
      given()
        .when(openCase(), caseContext(world, buyer, opened))
        .then({
          type: 'CaseOpened',
          data: {
            caseId: asId<CaseId>('case-1'),
            orderId: world.order.orderId,
            buyerId,
            sellerId,
            at: opened,
            reason: 'not_as_described',
            desiredOutcome: 'full_refund',
            description: 'The coat is two sizes smaller than listed.',
            evidence: [photo()],
            lines: [
              {
                lineId: asId<OrderLineId>('line-1'),
                quantity: 1,
                unitPrice: minor(4000),
                amount: minor(4000),
                title: 'Wool coat',
              },
            ],
            wholeOrder: true,
            claimedShipping: minor(500),
            claimedTax: minor(300),
            claimedAmount: minor(4800),
            currency: 'USD',
            respondBy,
            policy: defaultPolicy,
          },
        })
    })

    describe('on some lines', () => {
      const twoLines = aWorld({
        order: deliveredOrder(wednesday, {
          lines: [
            aLine(),
            aLine({ lineId: asId<OrderLineId>('line-2'), quantity: 2, unitPrice: minor(1500) }),
          ],
        }),
      })
      const line2 = asId<OrderLineId>('line-2')

      it('claims only the chosen quantity, without shipping or tax', () => {
        given()
          .when(
            openCase({ lines: [{ lineId: line2, quantity: 1 }] }),
            caseContext(twoLines, buyer, opened),
          )
          .thenMatch({
            data: {
              wholeOrder: false,
              claimedAmount: 1500,
              claimedShipping: 0,
              lines: [{ lineId: line2, quantity: 1, amount: 1500 }],
            },
          })
      })

      it('treats every line at full quantity as the whole order', () => {
        given()
          .when(
            openCase({
              lines: [
                { lineId: line2, quantity: 2 },
                { lineId: asId<OrderLineId>('line-1'), quantity: 1 },
              ],
            }),
            caseContext(twoLines, buyer, opened),
          )
          .thenMatch({ data: { wholeOrder: true, claimedAmount: 4000 + 3000 + 800 } })
      })

      it.each([
        [[], 'empty'],
        [[{ lineId: asId<OrderLineId>('line-9'), quantity: 1 }], 'unknown_line'],
        [
          [
            { lineId: line2, quantity: 1 },
            { lineId: line2, quantity: 1 },
          ],
          'duplicate_line',
        ],
        [[{ lineId: line2, quantity: 3 }], 'invalid_quantity'],
        [[{ lineId: line2, quantity: 0 }], 'invalid_quantity'],
        [[{ lineId: line2, quantity: 1.5 }], 'invalid_quantity'],
      ] as const)('refuses lines %j: INVALID_LINES %s', (lines, problem) => {
        given()
          .when(openCase({ lines }), caseContext(twoLines, buyer, opened))
          .thenRejects('INVALID_LINES', { problem })
      })
    })

    describe('for an item not received', () => {
      const eta = daysAfter(monday, 8)
      const inTransit = aWorld({ order: undeliveredOrder(eta) })

      it('may be opened once the estimated delivery date has passed', () => {
        given()
          .when(openFor('not_received'), caseContext(inTransit, buyer, hoursAfter(eta, 1)))
          .thenMatch({ type: 'CaseOpened', data: { reason: 'not_received' } })
      })

      it('is refused before the estimated delivery date: NOT_YET_OPENABLE with the date', () => {
        given()
          .when(openFor('not_received'), caseContext(inTransit, buyer, hoursAfter(eta, -1)))
          .thenRejects('NOT_YET_OPENABLE', { opensAt: eta })
      })

      it('is refused after notReceivedWindowAfterEstimatedDelivery', () => {
        given()
          .when(openFor('not_received'), caseContext(inTransit, buyer, daysAfter(eta, 31)))
          .thenRejects('CASE_WINDOW_ELAPSED', { closedAt: daysAfter(eta, 30) })
      })

      it('on a delivered order, is allowed only within the normal window', () => {
        given()
          .when(openFor('not_received'), caseContext(world, buyer, opened))
          .thenMatch({ type: 'CaseOpened' })
        given()
          .when(openFor('not_received'), caseContext(world, buyer, daysAfter(wednesday, 31)))
          .thenRejects('CASE_WINDOW_ELAPSED', { closedAt: daysAfter(wednesday, 30) })
      })

      it('cannot ask for a return', () => {
        given()
          .when(
            openFor('not_received', { desiredOutcome: 'return_and_refund' }),
            caseContext(inTransit, buyer, hoursAfter(eta, 1)),
          )
          .thenRejects('RETURN_NOT_APPLICABLE', { reason: 'not_received' })
      })

      it('other reasons wait for delivery: ORDER_NOT_DELIVERED', () => {
        given()
          .when(openFor('damaged'), caseContext(inTransit, buyer, hoursAfter(eta, 1)))
          .thenRejects('ORDER_NOT_DELIVERED', { estimatedDeliveryAt: eta })
      })
    })

    it('refuses after the window: CASE_WINDOW_ELAPSED with the date it closed', () => {
      given()
        .when(openCase(), caseContext(world, buyer, daysAfter(wednesday, 30)))
        .thenRejects('CASE_WINDOW_ELAPSED', { closedAt: daysAfter(wednesday, 30) })
    })

    it('refuses a cancelled order', () => {
      const cancelled = aWorld({
        order: orderFrom(anOrder(), orderCancelled(hoursAfter(monday, 1))),
      })
      given()
        .when(openFor('not_received'), caseContext(cancelled, buyer, opened))
        .thenRejects('ORDER_CANCELLED')
    })

    it('refuses an accepted order where acceptance ends the window (Poshmark): ORDER_ACCEPTED with the date', () => {
      const acceptedAt = hoursAfter(wednesday, 1)
      const accepted = aWorld({
        policy: presets.poshmark,
        order: orderFrom(
          anOrder(),
          orderShipped(daysAfter(monday, 1)),
          orderDelivered(wednesday),
          orderAccepted(acceptedAt),
        ),
      })
      given()
        .when(
          openFor('not_as_described', { evidence: [photo()] }),
          caseContext(accepted, buyer, hoursAfter(wednesday, 2)),
        )
        .thenRejects('ORDER_ACCEPTED', { acceptedAt })
    })

    it('opens on an accepted order inside the window where acceptance does not end it (eBay: 30 days)', () => {
      const accepted = aWorld({
        policy: presets.ebay,
        order: orderFrom(
          anOrder(),
          orderShipped(daysAfter(monday, 1)),
          orderDelivered(wednesday),
          orderAccepted(daysAfter(wednesday, 3)),
        ),
      })
      given()
        .when(openCase(), caseContext(accepted, buyer, daysAfter(wednesday, 10)))
        .thenMatch({ type: 'CaseOpened' })
    })

    it('refuses while another case is open on the order, told by the app or by the order', () => {
      const other = asId<CaseId>('case-0')
      given()
        .when(openCase(), caseContext({ ...world, openCaseId: other }, buyer, opened))
        .thenRejects('CASE_ALREADY_OPEN', { caseId: other })
      const onOrder = aWorld({
        order: orderFrom(
          anOrder(),
          orderShipped(daysAfter(monday, 1)),
          orderDelivered(wednesday),
          orderCaseOpened(wednesday, other),
        ),
      })
      given()
        .when(openCase(), caseContext(onOrder, buyer, opened))
        .thenRejects('CASE_ALREADY_OPEN', { caseId: other })
    })

    it('refuses a reason the policy does not cover, naming the preset', () => {
      const covered: Policy = {
        ...defaultPolicy,
        cases: { ...defaultPolicy.cases, coveredReasons: ['not_received'] },
      }
      given()
        .when(openCase(), caseContext(aWorld({ policy: covered }), buyer, opened))
        .thenRejects('REASON_NOT_COVERED', { reason: 'not_as_described', preset: 'default' })
    })

    it('refuses someone else or the seller', () => {
      given()
        .when(openCase(), caseContext(world, strangerBuyer, opened))
        .thenRejects('NOT_A_PARTY')
      given()
        .when(openCase(), caseContext(world, seller, opened))
        .thenRejects('ROLE_NOT_ALLOWED', { role: 'seller' })
      given()
        .when(openCase(), caseContext(world, agent, opened))
        .thenRejects('ROLE_NOT_ALLOWED', { role: 'agent' })
    })

    it('needs a description and well-formed, distinct evidence', () => {
      given()
        .when(openCase({ description: '  ' }), caseContext(world, buyer, opened))
        .thenRejects('TEXT_REQUIRED', { field: 'description' })
      const bad = {
        ...photo(),
        file: { sha256: 'nope', mediaType: 'image/jpeg', size: 1, name: 'x.jpg' },
      }
      given()
        .when(openCase({ evidence: [bad] }), caseContext(world, buyer, opened))
        .thenRejects('INVALID_EVIDENCE', { evidenceId: 'photo-1' })
      given()
        .when(openCase({ evidence: [photo(), photo()] }), caseContext(world, buyer, opened))
        .thenRejects('EVIDENCE_ALREADY_ADDED', { evidenceId: 'photo-1' })
      const emptyNote = { evidenceId: asId<EvidenceId>('note-1'), kind: 'note', note: '' } as const
      given()
        .when(openCase({ evidence: [emptyNote] }), caseContext(world, buyer, opened))
        .thenRejects('INVALID_EVIDENCE')
    })

    it('refuses any other command, and ignores a deadline', () => {
      given()
        .when(escalate, caseContext(world, buyer, opened))
        .thenRejects('NOT_ALLOWED_IN_STATUS', { status: 'none' })
      given()
        .when(expire('seller_response', opened), caseContext(world, scheduler, opened))
        .thenNothing()
    })
  })
})
