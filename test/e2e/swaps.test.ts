import { describe, expect, it } from 'vitest'
import type { CaseView } from '../../src/http/schemas/case.ts'
import { expectAccessible, snap } from './support/browser.ts'
import { journey } from './support/journey.ts'
import { hoursFrom, items, order, type Item } from './support/marketplace.ts'
import type { OrderView } from './support/server.ts'

const j = journey()

/** A delivered order of `item` for `buyerId`, with a wrong-item case the seller disputed and the buyer escalated. */
const escalatedWrongItem = async (item: Item, buyerId: string, received: string) => {
  const at = await j.now()
  const placed = await j.app.importOrder(order(item, { buyerId, purchasedAt: hoursFrom(at, -100) }))
  await j.app.integration('POST', `/v1/orders/${placed.id}/shipments`, {
    carrier: 'UPS',
    trackingNumber: '1Z999AA10123456784',
  })
  await j.app.integration<OrderView>('POST', `/v1/orders/${placed.id}/delivery`)
  const c = await j.app.as<CaseView>('buyer', buyerId, 'POST', `/v1/orders/${placed.id}/cases`, {
    reason: 'wrong_item',
    desiredOutcome: 'return_and_refund',
    description: `I ordered the ${item.title} and received ${received}.`,
  })
  await j.app.as('seller', 'seller-sam', 'POST', `/v1/cases/${c.id}/dispute`, {
    statement: 'I shipped the item that was paid for.',
  })
  await j.app.as('buyer', buyerId, 'POST', `/v1/cases/${c.id}/escalate`, {
    statement: 'This is someone else’s order.',
  })
  return c.id
}

describe('swapped orders', () => {
  it('an agent links two buyers’ cases; the buyer downloads the forwarding label and ships', async () => {
    const ana = await escalatedWrongItem(items.jacket, 'buyer-ana', 'a pair of boots')
    const ben = await escalatedWrongItem(items.boots, 'buyer-ben', 'a denim jacket')

    const agent = await j.open()
    await j.signInAs(agent, 'Alex Kim')
    await agent.waitForURL(/\/agent$/)
    await agent.goto(`${j.app.url}/agent/cases/${ana}`)
    await agent.getByRole('heading', { name: 'Swapped orders?' }).waitFor()
    await agent.getByRole('textbox', { name: 'The other buyer’s case id' }).fill(ben)
    await agent.getByRole('textbox', { name: 'Why' }).fill('Each describes the other’s item.')
    await agent.getByRole('button', { name: 'Link as swapped' }).click()
    await agent.getByText(/^Linked as swapped: both/).waitFor()
    await expectAccessible(agent, 'agent: swap linked')
    await snap(agent, 'agent-swap-linked')

    const buyer = await j.open()
    await j.signInAs(buyer, 'Ana Souza')
    await buyer.goto(`${j.app.url}/cases/${ana}`)
    await buyer.getByRole('heading', { name: 'Swapped orders' }).waitFor()
    const download = buyer.waitForEvent('download')
    await buyer.getByRole('button', { name: 'Download forwarding label (PDF)' }).click()
    expect((await download).suggestedFilename()).toMatch(/^swap-label-RMA-.*\.pdf$/)
    await expectAccessible(buyer, 'buyer: swap panel')
    await snap(buyer, 'buyer-swap-panel')
    await buyer.getByRole('button', { name: 'I’ve shipped it' }).click()
    await buyer.getByText('Parcel marked as shipped').waitFor()
    const after = await j.app.as<CaseView>('buyer', 'buyer-ana', 'GET', `/v1/cases/${ana}`)
    expect(after.status).toBe('awaiting_follow_up')
  })
})
