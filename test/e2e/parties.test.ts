import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { CaseView } from '../../src/http/schemas/case.ts'
import type { ReturnView } from '../../src/http/schemas/return.ts'
import { defaultPolicy } from '../../src/policy/presets.ts'
import type { Instant } from '../../src/policy/time.ts'
import { expectAccessible, phone, snap } from './support/browser.ts'
import { evidencePhoto } from './support/files.ts'
import { journey } from './support/journey.ts'
import { hoursFrom, items, order, type Item } from './support/marketplace.ts'
import type { OrderView } from './support/server.ts'

// The buyer's return and refund, the seller's returns, scorecard and listing
// check, and the agent's review with precedents and the ledger.

const j = journey()

const delivered = async (
  item: Item,
  options: { buyerId?: string; sellerId?: string } = {},
): Promise<OrderView> => {
  const at = await j.now()
  const placed = await j.app.importOrder(
    order(item, { ...options, purchasedAt: hoursFrom(at, -100) }),
  )
  await j.app.integration('POST', `/v1/orders/${placed.id}/shipments`, {
    carrier: 'UPS',
    trackingNumber: '1Z999AA10123456784',
  })
  return j.app.integration<OrderView>('POST', `/v1/orders/${placed.id}/delivery`)
}

const openCase = (buyerId: string, orderId: string, reason = 'damaged') =>
  j.app.as<CaseView>('buyer', buyerId, 'POST', `/v1/orders/${orderId}/cases`, {
    reason,
    desiredOutcome: 'return_and_refund',
    description: 'The zip is broken and a seam is open along the side.',
  })

/** Opened, disputed by the seller and escalated by the buyer: in the agents' queue. */
const escalated = async (buyerId: string, orderId: string): Promise<CaseView> => {
  const c = await openCase(buyerId, orderId, 'not_as_described')
  await j.app.as('seller', 'seller-sam', 'POST', `/v1/cases/${c.id}/dispute`, {
    statement: 'It was described accurately, with photos of every side.',
  })
  return j.app.as<CaseView>('buyer', buyerId, 'POST', `/v1/cases/${c.id}/escalate`, {
    statement: 'The colour is nothing like the photos.',
  })
}

/** The page is usable at this width: nothing pushes it wider than the screen. */
const fitsTheScreen = async (page: Page): Promise<void> => {
  const overflow = await page.evaluate(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  )
  expect(overflow).toBeLessThanOrEqual(0)
}

describe('a seller checks a listing', () => {
  it('gets a score, the missing items and their effect, from the draft form', async () => {
    const seller = await j.open()
    await j.signInAs(seller, "Sam's Vintage")
    await seller.getByRole('link', { name: 'Scorecard' }).click()
    await seller.getByRole('link', { name: 'Check a listing' }).click()
    await seller.getByRole('heading', { name: 'Listing check', level: 1 }).waitFor()

    // A draft that fails the form's own checks is said, not sent.
    await seller.getByRole('button', { name: 'Check the listing' }).click()
    await seller.getByText('Give the listing a title.').waitFor()

    await seller.getByRole('textbox', { name: 'Title' }).fill('Denim chore coat')
    await seller.getByRole('textbox', { name: 'Category' }).fill('apparel/jackets')
    await seller.getByRole('combobox', { name: 'Condition' }).selectOption('good')
    await seller
      .getByRole('textbox', { name: 'Description' })
      .fill('Faded blue chore coat, four pockets.')
    await seller.getByRole('button', { name: 'Check the listing' }).click()

    const score = seller.locator('[data-score]')
    await score.waitFor()
    const value = Number(await score.getAttribute('data-score'))
    expect(value).toBeGreaterThanOrEqual(0)
    expect(value).toBeLessThan(100)
    // Apparel needs a size and measurements: both are missing from this draft.
    await seller.locator('.check-missing').first().waitFor()
    expect(await seller.locator('.check-missing').count()).toBeGreaterThan(0)
    await seller
      .getByRole('heading', { name: 'What the missing items did to past orders' })
      .waitFor()
    await expectAccessible(seller, 'listing check')
    await snap(seller, 'seller-listing-check')

    // With size and measurements the same draft scores higher.
    await seller.getByRole('textbox', { name: 'Size' }).fill('L')
    await seller.getByRole('textbox', { name: 'Measurements' }).fill('chest: 58 cm\nlength: 72 cm')
    await seller.getByRole('textbox', { name: 'Photos' }).fill('https://img.example/1.jpg')
    await seller.getByRole('button', { name: 'Check the listing' }).click()
    await seller.waitForFunction(
      `Number(document.querySelector('[data-score]')?.getAttribute('data-score')) > ${value}`,
    )

    const small = await j.open(phone)
    await j.signInAs(small, "Sam's Vintage")
    await small.goto(`${j.app.url}/seller/listing-check`)
    await small.getByRole('heading', { name: 'Listing check', level: 1 }).waitFor()
    await fitsTheScreen(small)
    await expectAccessible(small, 'listing check (phone)')
  })
})

describe('a return, from label to credit', () => {
  it('the buyer downloads the label and ships, the seller inspects, the refund lands as credit', async () => {
    // Case refunds go to marketplace credit under this policy (Poshmark does this).
    const { policies, database } = j.app.recourse
    await policies.publish(
      database.db,
      {
        ...defaultPolicy,
        refunds: { ...defaultPolicy.refunds, caseRefundDestination: 'marketplace_credit' },
      },
      'e2e',
      (await j.now()) as Instant,
    )
    const o = await delivered(items.jacket)
    const c = await openCase('buyer-ana', o.id)
    await j.app.as('seller', 'seller-sam', 'POST', `/v1/cases/${c.id}/accept-claim`, {
      resolution: 'return',
    })

    // The buyer: the label, then the shipment.
    const buyer = await j.open()
    await j.signInAs(buyer, 'Ana Souza')
    await buyer.goto(`${j.app.url}/cases/${c.id}`)
    await buyer.getByRole('heading', { name: 'Return', exact: true }).waitFor()
    const [download] = await Promise.all([
      buyer.waitForEvent('download'),
      buyer.getByRole('button', { name: 'Download return label (PDF)' }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^return-label-RMA-[0-9A-Z]{4}-[0-9A-Z]{4}\.pdf$/)
    const pdf = readFileSync(await download.path())
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    await expectAccessible(buyer, 'buyer case: return label')
    await snap(buyer, 'buyer-case-return-label')

    await buyer.getByRole('button', { name: 'I’ve shipped the return' }).click()
    await buyer.getByText('Return marked as shipped.').waitFor()
    await buyer.getByText('On its way back').waitFor()

    // The carrier delivers it to the seller (integration).
    const [r] = (
      await j.app.as<{ items: ReturnView[] }>(
        'buyer',
        'buyer-ana',
        'GET',
        `/v1/cases/${c.id}/returns`,
      )
    ).items
    if (!r) throw new Error('the case required a return but none exists')
    expect(r.status).toBe('in_transit')
    await j.app.integration('POST', `/v1/returns/${r.id}/delivery`)
    const refunded = `$${((r.refundOnCompletion - 500) / 100).toFixed(2)}`

    // The seller: the returns inbox, then the inspection with a deduction.
    const seller = await j.open()
    await j.signInAs(seller, "Sam's Vintage")
    await seller.getByRole('link', { name: 'Returns' }).click()
    await seller.getByRole('heading', { name: 'Returns', level: 1 }).waitFor()
    const row = seller.getByRole('link', { name: new RegExp(`Return ${r.rma}`) })
    await row.waitFor()
    await expectAccessible(seller, 'seller returns')
    await snap(seller, 'seller-returns')
    await row.click()
    await seller.getByRole('heading', { name: 'Inspect the return' }).waitFor()
    await seller.getByRole('radio', { name: /^Used/ }).check()
    // Above the policy's maximum: said before sending.
    await seller.getByRole('textbox', { name: /Keep back from the refund/ }).fill('500')
    await seller.getByRole('button', { name: 'Record the inspection' }).click()
    await seller.getByText(/under the marketplace’s policy/).waitFor()
    await seller.getByRole('textbox', { name: /Keep back from the refund/ }).fill('5.00')
    await seller
      .getByRole('textbox', { name: /Reason for the deduction/ })
      .fill('Worn: the cuffs are dirty and the tags were removed.')
    await seller.getByRole('button', { name: 'Record the inspection' }).click()
    await seller.getByText('Add at least one photo of what came back.').waitFor()
    await seller
      .getByLabel('Photos of what came back', { exact: true })
      .setInputFiles({ name: 'cuffs.png', mimeType: 'image/png', buffer: evidencePhoto() })
    await seller.locator('.upload-ok').waitFor()
    await expectAccessible(seller, 'seller return inspection')
    await snap(seller, 'seller-return-inspection')
    await seller.getByRole('button', { name: 'Record the inspection' }).click()
    await seller.getByText(`Inspection recorded. The buyer is refunded ${refunded}.`).waitFor()

    // The buyer sees the refund, paid as marketplace credit, and the balance.
    await buyer.reload()
    await buyer.getByRole('heading', { name: 'Refunds and credit' }).waitFor()
    const refunds = buyer.getByRole('list', { name: 'Refunds' })
    await refunds.getByText('Marketplace credit').waitFor()
    await refunds.getByText(refunded).waitFor()
    await buyer.getByLabel('Your marketplace credit').getByText(refunded).first().waitFor()
    await expectAccessible(buyer, 'buyer case: refund as credit')
    await snap(buyer, 'buyer-case-refund-credit')

    const small = await j.open(phone)
    await j.signInAs(small, 'Ana Souza')
    await small.goto(`${j.app.url}/cases/${c.id}`)
    await small.getByRole('heading', { name: 'Refunds and credit' }).waitFor()
    await fitsTheScreen(small)
    await expectAccessible(small, 'buyer case with return (phone)')
  })
})

describe('the agent’s review', () => {
  it('shows precedents and the ledger beside the case, and the queue row says what it is', async () => {
    // A similar case an agent decided before, final once its appeal window passed.
    const before = await delivered(items.sweater, { buyerId: 'buyer-ben' })
    const settled = await escalated('buyer-ben', before.id)
    await j.app.as('agent', 'agent-maria', 'POST', `/v1/cases/${settled.id}/decision`, {
      outcome: 'refund_full',
      fault: 'seller',
      rationale: 'The photos show a different colour from the listing.',
    })
    await j.app.as('admin', 'admin-ops', 'POST', '/v1/sandbox/clock', { advanceBy: 'P31D' })
    expect(
      (await j.app.as<CaseView>('agent', 'agent-maria', 'GET', `/v1/cases/${settled.id}`)).status,
    ).toBe('closed')
    // This one: disputed and escalated.
    const o = await delivered(items.sweater, { buyerId: 'buyer-ben' })
    const c = await escalated('buyer-ben', o.id)

    const agent = await j.open()
    await j.signInAs(agent, 'Alex Kim')
    await agent.goto(`${j.app.url}/agent`)
    const row = agent.locator('li.queue-row', { hasText: items.sweater.title }).first()
    await row.waitFor()
    await row.getByText("Ben Carter ↔ Sam's Vintage").waitFor()
    await expectAccessible(agent, 'agent queue')
    await snap(agent, 'agent-queue')

    await agent.goto(`${j.app.url}/agent/cases/${c.id}`)
    await agent.getByRole('heading', { name: 'Precedents' }).waitFor()
    await agent.locator(`[data-precedent="${settled.id}"]`).waitFor()
    await agent.getByRole('heading', { name: 'Ledger' }).waitFor()
    await agent.getByText('Still refundable').waitFor()
    await agent.getByText(/Postings \(\d+\)/).click()
    await agent.getByRole('table', { name: /Ledger postings/ }).waitFor()
    await expectAccessible(agent, 'agent case review')
    await snap(agent, 'agent-case-review-precedents')
  })
})

describe('the seller’s scorecard', () => {
  it('explains each number and links the cases behind it', async () => {
    const seller = await j.open()
    await j.signInAs(seller, "Sam's Vintage")
    await seller.getByRole('link', { name: 'Scorecard' }).click()
    await seller.getByRole('heading', { name: 'Scorecard', level: 1 }).waitFor()
    const cases = seller.locator('[data-metric="case_rate"]')
    await cases.waitFor()
    expect(await cases.innerText()).toMatch(/\d+ of \d+ orders/)
    await cases.locator('summary').click()
    await expectAccessible(seller, 'seller scorecard')
    await snap(seller, 'seller-scorecard')

    const small = await j.open(phone)
    await j.signInAs(small, "Sam's Vintage")
    await small.goto(`${j.app.url}/seller/scorecard`)
    await small.locator('[data-metric]').first().waitFor()
    await fitsTheScreen(small)
    await expectAccessible(small, 'seller scorecard (phone)')
  })
})
