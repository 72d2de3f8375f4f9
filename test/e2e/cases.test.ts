import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { CaseView } from '../../src/http/schemas/case.ts'
import { defaultPolicy } from '../../src/policy/presets.ts'
import type { Instant } from '../../src/policy/time.ts'
import { expectAccessible, phone, snap, viewerTime } from './support/browser.ts'
import { evidencePhoto, notAPhoto } from './support/files.ts'
import { journey } from './support/journey.ts'
import { hoursFrom, items, order, type Item } from './support/marketplace.ts'
import type { OrderView } from './support/server.ts'

const j = journey()

/** An order the buyer has received: imported, shipped and delivered by the marketplace. */
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

const caseAs = (role: 'buyer' | 'seller', userId: string, id: string): Promise<CaseView> =>
  j.app.as<CaseView>(role, userId, 'GET', `/v1/cases/${id}`)

/** How wide the image really is once loaded (0 while it isn't): runs in the page. */
const naturalWidth = (img: unknown): number => (img as { naturalWidth: number }).naturalWidth

/** The case id in the page's URL (/cases/:id or /agent/cases/:id). */
const caseIdOf = (page: Page): string => new URL(page.url()).pathname.split('/').at(-1) ?? ''

const upload = async (
  page: Page,
  label: string,
  name: string,
  buffer: Buffer,
  mimeType: string,
) => {
  await page.getByLabel(label, { exact: true }).setInputFiles({ name, mimeType, buffer })
}

describe('a case settled between buyer and seller', () => {
  it('the buyer opens it with a photo, the seller offers a partial refund, the buyer accepts', async () => {
    const o = await delivered(items.jacket)

    // The buyer: from the order to the wizard.
    const buyer = await j.open()
    await j.signInAs(buyer, 'Ana Souza')
    await buyer.goto(`${j.app.url}/orders/${o.id}`)
    await buyer.getByRole('heading', { name: 'Something wrong with this order?' }).waitFor()
    await buyer.getByRole('link', { name: 'Open a case' }).click()
    await buyer.getByRole('heading', { name: 'Open a case', level: 1 }).waitFor()

    // Step 1: nothing chosen is said, not sent.
    await buyer.getByRole('button', { name: 'Continue' }).click()
    await buyer.getByText('Choose what went wrong.').waitFor()
    await buyer.getByRole('radio', { name: /It isn’t as described/ }).check()
    await expectAccessible(buyer, 'open case: reason')
    await snap(buyer, 'buyer-open-case-reason')
    await buyer.getByRole('button', { name: 'Continue' }).click()

    // Step 2: the evidence this reason needs; a file that is not a photo is refused by the server.
    await buyer.getByText('Photos needed').waitFor()
    await upload(buyer, 'Add photos of the problem', 'receipt.jpg', notAPhoto(), 'image/jpeg')
    const refusal = buyer.locator('[data-code="FILE_TYPE_NOT_ALLOWED"]')
    await refusal.waitFor()
    expect(await refusal.innerText()).toContain(
      'Only photos (JPEG, PNG, GIF, WebP) and PDF documents',
    )
    await buyer.getByRole('button', { name: 'Remove receipt.jpg' }).click()
    await upload(
      buyer,
      'Add photos of the problem',
      'stain-on-back.png',
      evidencePhoto(),
      'image/png',
    )
    await buyer.getByText('Uploaded').waitFor()
    await expectAccessible(buyer, 'open case: evidence')
    await snap(buyer, 'buyer-open-case-evidence')
    await buyer.getByRole('button', { name: 'Continue' }).click()

    // Step 3: the outcome and the words.
    await buyer.getByRole('radio', { name: 'A full refund' }).check()
    await buyer
      .getByRole('textbox', { name: 'What happened?' })
      .fill('There is a large dark stain on the back that the listing does not mention or show.')
    await buyer.getByRole('button', { name: 'Continue' }).click()
    await buyer.getByText('In your words').waitFor()
    await expectAccessible(buyer, 'open case: review')
    await snap(buyer, 'buyer-open-case-review')
    await buyer.getByRole('button', { name: 'Open case' }).click()

    await buyer.waitForURL(/\/cases\/[0-9a-f-]{36}$/)
    const caseId = caseIdOf(buyer)
    await buyer.getByText('Case opened. The seller has been told').waitFor()
    await buyer.getByRole('heading', { name: /Evidence \(1\)/ }).waitFor()
    // The photo is shown inline, fetched with the buyer's token.
    await expect.poll(() => buyer.locator('.evidence-photo img').evaluate(naturalWidth)).toBe(320)
    await expectAccessible(buyer, 'buyer case opened')
    await snap(buyer, 'buyer-case-opened')

    // The seller: the inbox, then an offer — too much first, refused with the figure.
    const seller = await j.open()
    await j.signInAs(seller, "Sam's Vintage")
    await seller.getByRole('link', { name: 'Cases', exact: true }).click()
    await seller.getByRole('heading', { name: 'Case inbox' }).waitFor()
    const row = seller.locator('li.case-row', { hasText: items.jacket.title }).first()
    await row.getByText('Your move').waitFor()
    await expectAccessible(seller, 'seller case inbox')
    await snap(seller, 'seller-case-inbox')
    await row.getByRole('link', { name: items.jacket.title }).click()
    await seller.getByRole('heading', { name: 'Respond to the claim' }).waitFor()
    await seller.getByRole('tab', { name: 'Make an offer' }).waitFor()
    await seller.getByRole('radio', { name: 'Partial refund, keep the item' }).check()
    await seller.getByRole('textbox', { name: 'Amount (USD)' }).fill('500')
    await seller.getByText('Refunds $500.00 of the $96.95 claimed.').waitFor()
    await seller.getByRole('button', { name: 'Send offer' }).click()
    const tooMuch = seller.locator('[data-code="OFFER_EXCEEDS_REFUNDABLE"]')
    await tooMuch.waitFor()
    expect(await tooMuch.innerText()).toContain('at most $96.95')
    await seller.getByRole('textbox', { name: 'Amount (USD)' }).fill('25')
    await seller
      .getByRole('textbox', { name: /^Message/ })
      .fill('So sorry about that. Keep the jacket; a dry cleaner should lift the mark.')
    await expectAccessible(seller, 'seller case respond')
    await snap(seller, 'seller-case-respond')
    await seller.getByRole('button', { name: 'Send offer' }).click()
    await seller.getByText('Offer sent.').waitFor()
    await seller.getByRole('heading', { name: 'Your offer is with the other side' }).waitFor()

    // The buyer counters; the seller answers the counter with one of its own.
    await buyer.reload()
    await buyer.getByRole('heading', { name: "Sam's Vintage offers" }).waitFor()
    await buyer.getByRole('button', { name: 'Counter…' }).click()
    await buyer.getByRole('textbox', { name: 'Amount (USD)' }).fill('45')
    await buyer.getByRole('button', { name: 'Send counter-offer' }).click()
    await buyer.getByText('Counter-offer sent.').waitFor()

    await seller.reload()
    await seller.getByRole('heading', { name: 'The buyer offers' }).waitFor()
    await seller.getByText('$45.00 back, keeping the item').first().waitFor()
    await snap(seller, 'seller-case-counter')
    await seller.getByRole('button', { name: 'Counter…' }).click()
    await seller.getByRole('textbox', { name: 'Amount (USD)' }).fill('30')
    await seller.getByRole('button', { name: 'Send counter-offer' }).click()
    await seller.getByText('Counter-offer sent.').waitFor()

    // The buyer accepts; the case closes settled.
    await buyer.reload()
    await buyer.getByRole('heading', { name: "Sam's Vintage offers" }).waitFor()
    await buyer.getByText('$30.00 back, keeping the item').first().waitFor()
    await snap(buyer, 'buyer-case-offer')
    const small = await j.open(phone)
    await j.signInAs(small, 'Ana Souza')
    await small.goto(`${j.app.url}/cases/${caseId}`)
    await small.getByRole('heading', { name: "Sam's Vintage offers" }).waitFor()
    await expectAccessible(small, 'buyer case offer (phone)')
    await snap(small, 'phone-buyer-case', { fullPage: false })
    await snap(small, 'phone-buyer-case-full')

    await buyer.getByRole('button', { name: 'Accept offer' }).click()
    await buyer.getByText('Offer accepted. The case is settled.').waitFor()
    await expect.poll(() => buyer.locator('.page-header .badge').innerText()).toBe('Closed')
    await buyer.getByText('Settled between buyer and seller').waitFor()
    await buyer.getByText('$30.00 is refunded to you').waitFor()
    await expectAccessible(buyer, 'buyer case settled')
    await snap(buyer, 'buyer-case-settled')

    const settled = await caseAs('buyer', 'buyer-ana', caseId)
    expect(settled.status).toBe('closed')
    expect(settled.closeReason).toBe('settled')
  })
})

/** A case the parties could not settle, escalated through the API: opened, disputed, escalated. */
const escalated = async (
  item: Item,
  reason: string,
  description: string,
  people: { buyerId: string; sellerId: string },
): Promise<CaseView> => {
  const o = await delivered(item, people)
  const c = await j.app.as<CaseView>('buyer', people.buyerId, 'POST', `/v1/orders/${o.id}/cases`, {
    reason,
    desiredOutcome: 'full_refund',
    description,
  })
  await j.app.as('seller', people.sellerId, 'POST', `/v1/cases/${c.id}/dispute`, {
    statement: 'Shipped exactly as listed and photographed.',
  })
  return j.app.as<CaseView>('buyer', people.buyerId, 'POST', `/v1/cases/${c.id}/escalate`, {})
}

describe('a case escalated to Recourse', () => {
  it('the seller disputes with measurements and a photo, the buyer escalates, an agent decides; an appeal goes to another agent', async () => {
    // Two older escalations whose decision time has run out: the queue puts them first, in red.
    await escalated(items.lamp, 'damaged', 'The shade arrived dented and the switch is loose.', {
      buyerId: 'buyer-ana',
      sellerId: 'seller-lucia',
    })
    await escalated(items.boots, 'wrong_item', 'These are EU 39, not the EU 41 I bought.', {
      buyerId: 'buyer-ben',
      sellerId: 'seller-sam',
    })
    await j.app.as('admin', 'admin-ops', 'POST', '/v1/sandbox/clock', { advanceBy: 'P2DT1H' })

    const o = await delivered(items.dress, { buyerId: 'buyer-ben' })
    const opened = await j.app.as<CaseView>(
      'buyer',
      'buyer-ben',
      'POST',
      `/v1/orders/${o.id}/cases`,
      {
        reason: 'not_as_described',
        desiredOutcome: 'return_and_refund',
        description: 'The bust is much smaller than listed; it does not close.',
        evidence: [{ kind: 'note', note: 'Measured 76 cm across the bust, flat.' }],
      },
    )

    // The seller disputes with its measurements and a photo.
    const seller = await j.open()
    await j.signInAs(seller, "Sam's Vintage")
    await seller.goto(`${j.app.url}/cases/${opened.id}`)
    await seller.getByRole('tab', { name: 'Dispute' }).click()
    await seller.getByRole('button', { name: 'Send dispute' }).click()
    await seller.getByText('Say why the claim is not right.').waitFor()
    await seller
      .getByRole('textbox', { name: 'Your side' })
      .fill('Measured before shipping: 84 cm bust, exactly as listed. Photo of the tape attached.')
    await seller.getByRole('textbox', { name: 'bust measured' }).fill('84 cm')
    await seller.getByRole('textbox', { name: 'length measured' }).fill('118 cm')
    await upload(
      seller,
      'Add photos of the item as shipped',
      'tape-on-bust.png',
      evidencePhoto([45, 106, 79]),
      'image/png',
    )
    await seller.getByText('Uploaded').waitFor()
    await expectAccessible(seller, 'seller dispute form')
    await snap(seller, 'seller-case-dispute')
    await seller.getByRole('button', { name: 'Send dispute' }).click()
    await seller.getByText('Dispute sent.').waitFor()

    // The buyer asks Recourse to step in.
    const buyer = await j.open()
    await j.signInAs(buyer, 'Ben Carter')
    await buyer.goto(`${j.app.url}/cases/${opened.id}`)
    await buyer.getByRole('heading', { name: 'Ask Recourse to step in' }).waitFor()
    await buyer.getByText('Measurements as shipped').waitFor()
    await buyer.getByRole('button', { name: 'Escalate…' }).click()
    await buyer
      .getByRole('textbox', { name: /What should the agent know/ })
      .fill('Their tape is on the seam allowance; mine is across the bust.')
    await buyer.getByRole('button', { name: 'Escalate to Recourse' }).click()
    await buyer.getByText('Recourse is stepping in.').waitFor()
    await expect.poll(() => buyer.locator('.page-header .badge').innerText()).toBe('With Recourse')

    // An agent takes it from the queue and decides with a rationale.
    const agent = await j.open()
    await j.signInAs(agent, 'Alex Kim')
    await agent.waitForURL(/\/agent$/)
    await agent.getByRole('heading', { name: 'Queue' }).waitFor()
    const queued = agent.locator('li.queue-row', { hasText: items.dress.title })
    const lamp = agent.locator('li.queue-row', { hasText: items.lamp.title })
    const boots = agent.locator('li.queue-row', { hasText: items.boots.title })
    await queued.waitFor()
    // Breaches first, highlighted; the fresh escalation after them.
    await expect
      .poll(() => agent.locator('li.queue-row .row-title').allInnerTexts())
      .toEqual([
        expect.stringMatching(/Mid-century brass desk lamp|Chelsea boots/),
        expect.stringMatching(/Mid-century brass desk lamp|Chelsea boots/),
        items.dress.title,
      ])
    expect(await agent.locator('li.queue-breached').count()).toBe(2)
    await agent.getByRole('button', { name: 'Unassigned' }).click()
    await queued.waitFor()
    await agent.getByRole('combobox', { name: 'Reason' }).selectOption('not_as_described')
    await expect.poll(() => lamp.count()).toBe(0)
    await queued.waitFor()
    await agent.getByRole('combobox', { name: 'Reason' }).selectOption('')
    await agent.getByRole('textbox', { name: 'Claimed from' }).fill('100')
    await agent.getByRole('button', { name: 'Apply' }).click()
    await expect.poll(() => queued.count()).toBe(0)
    await boots.waitFor()
    await agent.getByRole('textbox', { name: 'Claimed from' }).fill('500')
    await agent.getByRole('button', { name: 'Apply' }).click()
    await agent.getByText('No cases match these filters').waitFor()
    await agent.getByRole('button', { name: 'Clear filters' }).click()
    await queued.waitFor()
    await expectAccessible(agent, 'agent queue')
    await snap(agent, 'agent-queue')

    await queued.getByRole('link', { name: items.dress.title }).click()
    await agent.getByRole('heading', { name: 'The claim beside the listing' }).waitFor()
    await agent.getByRole('heading', { name: 'What each side says' }).waitFor()
    await expect
      .poll(() => agent.locator('.evidence-photo img').first().evaluate(naturalWidth))
      .toBe(320)
    await agent.getByRole('button', { name: 'Assign to me' }).click()
    await agent.getByText('The case is yours.').waitFor()
    await agent.locator('.agent-holder', { hasText: 'Assigned to you' }).waitFor()
    await agent.getByRole('radio', { name: /Partial refund to the buyer/ }).check()
    await agent.getByRole('button', { name: 'Record decision' }).click()
    await agent.getByText('Write the rationale.', { exact: false }).waitFor()
    await agent.getByRole('textbox', { name: /Refund amount/ }).fill('20')
    await agent.getByRole('combobox', { name: 'At fault' }).selectOption('seller')
    await agent
      .getByRole('textbox', { name: 'Rationale' })
      .fill(
        'The seller’s photo measures across the seams; the buyer’s is across the bust. The dress runs small; a partial refund settles it fairly.',
      )
    await expectAccessible(agent, 'agent case review')
    await snap(agent, 'agent-case-review')
    await agent.getByRole('button', { name: 'Record decision' }).click()
    await agent.getByText('Decision recorded.').waitFor()
    await expect
      .poll(() => agent.locator('.page-header .badge').first().innerText())
      .toBe('Decided')
    await snap(agent, 'agent-case-decided')

    const decided = await caseAs('buyer', 'buyer-ben', opened.id)
    expect(decided.status).toBe('decided')
    expect(decided.decision).toMatchObject({
      outcome: 'refund_partial',
      amount: 2000,
      fault: 'seller',
    })

    // The seller appeals; the deciding agent is told another must decide it, and another does.
    await j.app.as('seller', 'seller-sam', 'POST', `/v1/cases/${opened.id}/appeal`, {
      newInformation: 'The buyer’s own photo shows the dress unbuttoned at the back.',
    })
    await agent.reload()
    const notice = agent.locator('[data-code="APPEAL_NEEDS_DIFFERENT_AGENT"]')
    await notice.waitFor()
    expect(await notice.innerText()).toContain('You made the first decision')
    expect(await agent.getByRole('button', { name: 'Record final decision' }).count()).toBe(0)
    expect(await agent.getByRole('button', { name: 'Assign to me' }).count()).toBe(0)
    await snap(agent, 'agent-appeal-needs-another-agent', { fullPage: false })

    const second = await j.open()
    await j.signInAs(second, 'María Ruiz')
    await second
      .locator('li.queue-row', { hasText: items.dress.title })
      .getByText('Appealed')
      .waitFor()
    await second.goto(`${j.app.url}/agent/cases/${opened.id}`)
    await second.getByRole('heading', { name: 'Decide the appeal' }).waitFor()
    await second.getByRole('radio', { name: /Partial refund to the buyer/ }).check()
    await second.getByRole('textbox', { name: /Refund amount/ }).fill('20')
    await second.getByRole('combobox', { name: 'At fault' }).selectOption('seller')
    await second
      .getByRole('textbox', { name: 'Rationale' })
      .fill('The back photo does not change the bust measurement. The first decision stands.')
    await second.getByRole('button', { name: 'Record final decision' }).click()
    await second.getByText('Appeal decided. The decision is final.').waitFor()
    const final = await caseAs('seller', 'seller-sam', opened.id)
    expect(final.finalDecision).toMatchObject({ agentId: 'agent-maria', outcome: 'refund_partial' })

    // The admin watches the escalations on a phone: the two breached cases still wait.
    const admin = await j.open(phone)
    await j.signInAs(admin, 'Operations admin')
    await admin.getByRole('heading', { name: 'Escalations' }).waitFor()
    await admin.getByText('2 past the SLA').waitFor()
    await admin.getByRole('link', { name: 'Open the escalations' }).click()
    await admin.locator('li.queue-breached').first().waitFor()
    await expectAccessible(admin, 'admin escalations (phone)')
    await snap(admin, 'phone-admin-escalations')
  })
})

describe('the policy’s refusals, in plain words', () => {
  it('says a reason is not covered, that evidence is needed, and when the window closed', async () => {
    const o = await delivered(items.sweater, { buyerId: 'buyer-ben' })
    // A Poshmark-like policy: no buyer's remorse, photos required, three days to open a case.
    const { policies, database } = j.app.recourse
    await policies.publish(
      database.db,
      {
        ...defaultPolicy,
        cases: {
          ...defaultPolicy.cases,
          coveredReasons: defaultPolicy.cases.coveredReasons.filter(
            (r) => r !== 'changed_mind' && r !== 'doesnt_fit',
          ),
          evidenceRequiredFor: ['not_as_described', 'damaged'],
          openWindowAfterDelivery: { amount: 3, unit: 'calendar_days' },
        },
      },
      'e2e',
      (await j.now()) as Instant,
    )

    // On a phone, to see the wizard work at 375 px.
    const page = await j.open(phone)
    await j.signInAs(page, 'Ben Carter')
    await page.goto(`${j.app.url}/orders/${o.id}/open-case`)
    await page.getByRole('radio', { name: /I changed my mind/ }).check()
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByText('Nothing is needed.', { exact: false }).waitFor()
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByRole('radio', { name: 'Return it for a refund' }).check()
    await page
      .getByRole('textbox', { name: 'What happened?' })
      .fill('It is lovely, but not for me.')
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByRole('button', { name: 'Open case' }).click()
    const notCovered = page.locator('[data-code="REASON_NOT_COVERED"]')
    await notCovered.waitFor()
    expect(await notCovered.innerText()).toContain('doesn’t cover “I changed my mind”')
    await expectAccessible(page, 'open case: not covered (phone)')
    await snap(page, 'phone-buyer-open-case-not-covered', { fullPage: false })

    await page.getByRole('button', { name: 'Choose another reason' }).click()
    await page.getByRole('radio', { name: /It arrived damaged/ }).check()
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByRole('button', { name: 'Open case' }).click()
    const needsEvidence = page.locator('[data-code="EVIDENCE_REQUIRED"]')
    await needsEvidence.waitFor()
    expect(await needsEvidence.innerText()).toContain(
      '“It arrived damaged” needs at least one photo',
    )

    // Four days on, the three-day window has closed: the refusal says when, in local time.
    const deliveredAt = o.deliveredAt ?? ''
    await j.app.as('admin', 'admin-ops', 'POST', '/v1/sandbox/clock', { advanceBy: 'P4D' })
    await page.getByRole('button', { name: 'Add evidence' }).click()
    await upload(
      page,
      'Add photos of the problem',
      'crushed-box.png',
      evidencePhoto([160, 112, 60]),
      'image/png',
    )
    await page.getByText('Uploaded').waitFor()
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByRole('button', { name: 'Open case' }).click()
    const elapsed = page.locator('[data-code="CASE_WINDOW_ELAPSED"]')
    await elapsed.waitFor()
    const sentence = await elapsed.innerText()
    expect(sentence).toContain('The time to open a case on this order ended')
    expect(sentence).toContain(viewerTime(hoursFrom(deliveredAt, 72)))
    await expectAccessible(page, 'open case: window closed (phone)')
    await snap(page, 'phone-buyer-open-case-window-closed')
  })
})
