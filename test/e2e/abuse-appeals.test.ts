import { describe, expect, it } from 'vitest'
import type { CaseView } from '../../src/http/schemas/case.ts'
import { expectAccessible, snap } from './support/browser.ts'
import { journey } from './support/journey.ts'
import { hoursFrom, items, order } from './support/marketplace.ts'
import type { OrderView } from './support/server.ts'

const j = journey()

/** Ben's record: three delivered orders and two cases on them, a claim rate of 2/3. */
const flagBen = async () => {
  const at = await j.now()
  const orders: string[] = []
  for (const item of [items.jacket, items.boots, items.jacket]) {
    const placed = await j.app.importOrder(
      order(item, { buyerId: 'buyer-ben', purchasedAt: hoursFrom(at, -100) }),
    )
    await j.app.integration('POST', `/v1/orders/${placed.id}/shipments`, {
      carrier: 'UPS',
      trackingNumber: '1Z999AA10123456784',
    })
    await j.app.integration<OrderView>('POST', `/v1/orders/${placed.id}/delivery`)
    orders.push(placed.id)
  }
  for (const id of orders.slice(0, 2))
    await j.app.as<CaseView>('buyer', 'buyer-ben', 'POST', `/v1/orders/${id}/cases`, {
      reason: 'not_as_described',
      desiredOutcome: 'return_and_refund',
      description: 'The measurements in the listing were wrong.',
    })
}

describe('appealing an abuse signal', () => {
  it('the buyer appeals from its record; an agent clears it and the record shows it cleared', async () => {
    await flagBen()

    const buyer = await j.open()
    await j.signInAs(buyer, 'Ben Carter')
    await buyer.getByRole('link', { name: 'My record' }).click()
    await buyer.getByRole('heading', { name: 'My record' }).waitFor()
    await buyer.getByText('Flagged', { exact: true }).waitFor()
    await buyer.getByText(/2 cases on 3 orders/).waitFor()
    await buyer
      .getByRole('textbox', { name: 'Why are these signals wrong?' })
      .fill('Both listings gave the wrong measurements; the cases say so.')
    await buyer.getByRole('button', { name: 'Send appeal' }).click()
    await buyer.getByText('Your appeal is with an agent').waitFor()
    await expectAccessible(buyer, 'buyer: record with an open appeal')
    await snap(buyer, 'buyer-record-appeal-open')

    const agent = await j.open()
    await j.signInAs(agent, 'Alex Kim')
    await agent.getByRole('link', { name: 'Abuse appeals' }).click()
    await agent.getByRole('heading', { name: 'Abuse appeals' }).waitFor()
    await agent
      .getByText('“Both listings gave the wrong measurements; the cases say so.”')
      .waitFor()
    await agent
      .getByRole('textbox', { name: 'Rationale' })
      .fill('Both listings lacked measurements.')
    await expectAccessible(agent, 'agent: abuse appeal queue')
    await snap(agent, 'agent-abuse-appeals')
    await agent.getByRole('button', { name: 'Clear the signals' }).click()
    await agent.getByText('Decision recorded').waitFor()
    await agent.getByText('No appeal is waiting').waitFor()

    await buyer.reload()
    await buyer.getByText('In good standing').waitFor()
    await buyer.getByRole('heading', { name: 'Cleared on appeal' }).waitFor()
    await buyer.getByText('Your last appeal was cleared').waitFor()
    await expectAccessible(buyer, 'buyer: record cleared on appeal')
    await snap(buyer, 'buyer-record-cleared')
    const record = await j.app.as<{ signals: unknown[]; appeal: { status: string } }>(
      'buyer',
      'buyer-ben',
      'GET',
      '/v1/buyers/buyer-ben/record',
    )
    expect(record).toMatchObject({ signals: [], appeal: { status: 'cleared' } })
  })
})
