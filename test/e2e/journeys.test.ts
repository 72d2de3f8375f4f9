import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { expectAccessible, phone, snap, viewerTime } from './support/browser.ts'
import { journey } from './support/journey.ts'
import { hoursFrom, items, order } from './support/marketplace.ts'
import type { CancellationView, OrderView } from './support/server.ts'

const j = journey()
const open = (viewport?: { width: number; height: number }): Promise<Page> => j.open(viewport)
const signInAs = (page: Page, name: string): Promise<void> => j.signInAs(page, name)
const now = (): Promise<string> => j.now()

describe('the sign-in page', () => {
  it('lists the demo users with their name and role, and is accessible', async () => {
    const page = await open()
    await page.goto(`${j.app.url}/orders`)
    await page.waitForURL(/\/sign-in$/)
    await expect
      .poll(() => page.getByRole('button', { name: /^Sign in as / }).count())
      .toBeGreaterThanOrEqual(7)
    await expect
      .poll(() => page.getByRole('button', { name: 'Sign in as Ana Souza, buyer' }).isVisible())
      .toBe(true)
    await expect
      .poll(() =>
        page.getByRole('button', { name: "Sign in as Sam's Vintage, seller" }).isVisible(),
      )
      .toBe(true)
    await expectAccessible(page, 'sign-in')
    await snap(page, 'sign-in')
  })

  it('can be used with the keyboard alone', async () => {
    const page = await open()
    await page.goto(`${j.app.url}/sign-in`)
    await page.getByRole('heading', { name: 'Sign in to Recourse' }).waitFor()
    await page
      .getByRole('button', { name: /^Sign in as / })
      .first()
      .waitFor()
    await page.keyboard.press('Tab')
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content')
    // Tab through to the first seller and sign in with Enter.
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab')
      const label = await page.evaluate("document.activeElement.getAttribute('aria-label')")
      if (label === "Sign in as Sam's Vintage, seller") break
    }
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Orders to ship' }).waitFor()
    const outline = await page.evaluate(
      "(() => { const b = document.querySelector('.topnav-link'); b.focus(); return getComputedStyle(b).outlineStyle })()",
    )
    expect(outline).not.toBe('none')
  })

  it('answers an unknown API path with a problem, not the app', async () => {
    const res = await fetch(`${j.app.url}/v1/nothing-here`)
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/)
    const page = await fetch(`${j.app.url}/orders/some-client-route`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<div id="root">')
  })
})

describe('a buyer', () => {
  it('signs in from the picker, sees an order, cancels inside the window and sees it cancelled', async () => {
    const at = await now()
    const jacket = await j.app.importOrder(
      order(items.jacket, { purchasedAt: hoursFrom(at, -0.2) }),
    )
    await j.app.importOrder(order(items.sweater, { purchasedAt: hoursFrom(at, -30) }))
    const delivered = await j.app.importOrder(
      order(items.dress, { purchasedAt: hoursFrom(at, -96) }),
    )
    await j.app.integration('POST', `/v1/orders/${delivered.id}/shipments`, {
      carrier: 'UPS',
      trackingNumber: '1Z999AA10123456784',
    })
    await j.app.integration('POST', `/v1/orders/${delivered.id}/delivery`)

    const page = await open()
    await signInAs(page, 'Ana Souza')
    await page.waitForURL(/\/orders$/)
    await page.getByRole('heading', { name: 'My orders' }).waitFor()
    await page.getByRole('link', { name: items.jacket.title }).waitFor()
    await expect.poll(() => page.getByText('$96.95').first().isVisible()).toBe(true)
    await expectAccessible(page, 'buyer orders')
    await snap(page, 'buyer-orders')

    await page.getByRole('link', { name: items.jacket.title }).click()
    await page.waitForURL(new RegExp(`/orders/${jacket.id}$`))
    await page.getByRole('heading', { name: 'Cancel this order' }).waitFor()
    await expect.poll(() => page.getByText(/You can cancel at once until/).isVisible()).toBe(true)
    await expectAccessible(page, 'buyer order')
    await snap(page, 'buyer-order')

    // Without a reason the form says so instead of sending.
    await page.getByRole('button', { name: 'Cancel order' }).click()
    await page.getByText('Choose a reason.').waitFor()
    await page.getByRole('radio', { name: /I ordered by mistake/ }).check()
    await page
      .getByRole('textbox', { name: /Anything the seller should know/ })
      .fill('Wrong size, sorry!')
    await page.getByRole('button', { name: 'Cancel order' }).click()

    await page.getByRole('heading', { name: 'Order cancelled' }).waitFor()
    await expect.poll(() => page.locator('.page-header .badge').innerText()).toBe('Cancelled')
    await expect
      .poll(() => page.getByText(/\$96\.95 goes back to your original payment method/).isVisible())
      .toBe(true)
    await expectAccessible(page, 'buyer order cancelled')
    await snap(page, 'buyer-order-cancelled')

    const after = await j.app.as<OrderView>('buyer', 'buyer-ana', 'GET', `/v1/orders/${jacket.id}`)
    expect(after.status).toBe('cancelled')
  })

  it('sees the refusal sentence, in local time, after the order shipped', async () => {
    const placed = await j.app.importOrder(order(items.boots))
    const shipped = await j.app.integration<OrderView>(
      'POST',
      `/v1/orders/${placed.id}/shipments`,
      {
        carrier: 'USPS',
        trackingNumber: '9400111899223197428490',
      },
    )
    const shippedAt = shipped.shipments[0]?.shippedAt ?? ''

    const page = await open()
    await signInAs(page, 'Ana Souza')
    await page.goto(`${j.app.url}/orders/${placed.id}`)
    const refusal = page.locator('[data-code="ALREADY_SHIPPED"]')
    await refusal.waitFor()
    const sentence = await refusal.innerText()
    expect(sentence).toContain('The seller shipped this order')
    expect(sentence).toContain(viewerTime(shippedAt))
    expect(sentence).toContain('can no longer be cancelled')
    expect(await page.getByRole('button', { name: /Cancel order|Ask the seller/ }).count()).toBe(0)
    await page.getByText('USPS · 9400111899223197428490').waitFor()
    await expectAccessible(page, 'buyer order shipped')
    await snap(page, 'buyer-order-shipped')
  })

  it('accepts a delivered order, from the button the order offers', async () => {
    const at = await now()
    const placed = await j.app.importOrder(
      order(items.sweater, { purchasedAt: hoursFrom(at, -72) }),
    )
    await j.app.integration('POST', `/v1/orders/${placed.id}/shipments`, {
      carrier: 'DHL',
      trackingNumber: 'JD014600006281234567',
    })
    await j.app.integration('POST', `/v1/orders/${placed.id}/delivery`)

    const page = await open()
    await signInAs(page, 'Ana Souza')
    await page.goto(`${j.app.url}/orders/${placed.id}`)
    await page.getByRole('heading', { name: 'Received it?' }).waitFor()
    await expectAccessible(page, 'buyer order delivered')
    await snap(page, 'buyer-order-delivered')
    await page.getByRole('button', { name: 'Accept order' }).click()
    await expect.poll(() => page.locator('.page-header .badge').innerText()).toBe('Completed')
    expect(await page.getByRole('button', { name: 'Accept order' }).count()).toBe(0)
  })

  it('works at phone width', async () => {
    const page = await open(phone)
    await signInAs(page, 'Ana Souza')
    await page.getByRole('heading', { name: 'My orders' }).waitFor()
    await page.locator('.rows .row').first().waitFor()
    await expectAccessible(page, 'buyer orders (phone)')
    await snap(page, 'phone-buyer-orders')
    await page.locator('.rows .row-title').first().click()
    await page.getByRole('heading', { name: 'Timeline' }).waitFor()
    await expectAccessible(page, 'buyer order (phone)')
    await snap(page, 'phone-buyer-order')
  })
})

describe('a seller', () => {
  it('ships an order from the to-ship list and approves a cancellation request', async () => {
    const at = await now()
    // Ship-by dates on both sides of now: one late, one due within a day, one calm.
    await j.app.importOrder(
      order(items.lamp, {
        buyerId: 'buyer-ben',
        purchasedAt: hoursFrom(at, -80),
        shipBy: hoursFrom(at, -6),
      }),
    )
    const toShip = await j.app.importOrder(
      order(items.sweater, {
        buyerId: 'buyer-ben',
        purchasedAt: hoursFrom(at, -40),
        shipBy: hoursFrom(at, 5),
      }),
    )
    await j.app.importOrder(
      order(items.boots, { buyerId: 'buyer-ana', purchasedAt: hoursFrom(at, -1.5) }),
    )
    // Past the buyer's 1-hour window, a request waits for the seller's answer.
    const requested = await j.app.importOrder(
      order(items.dress, { buyerId: 'buyer-ben', purchasedAt: hoursFrom(at, -3) }),
    )
    const request = await j.app.as<CancellationView>(
      'buyer',
      'buyer-ben',
      'POST',
      `/v1/orders/${requested.id}/cancellations`,
      {
        reason: 'found_cheaper_price',
        note: 'Found the same dress for less, sorry about that.',
      },
    )
    expect(request.status).toBe('requested')

    const page = await open()
    await signInAs(page, "Sam's Vintage")
    await page.waitForURL(/\/seller\/to-ship$/)
    await page.getByRole('heading', { name: 'Orders to ship' }).waitFor()
    await page.locator('.ship-row.urgency-overdue').first().waitFor()
    await page.locator('.ship-row.urgency-soon').first().waitFor()
    const firstTitle = await page.locator('.ship-row .row-title').first().innerText()
    expect(firstTitle).toBe(items.lamp.title)
    await expectAccessible(page, 'seller to ship')
    await snap(page, 'seller-to-ship')

    const row = page.locator('li.ship-row', { hasText: toShip.externalRef })
    await row.getByRole('button', { name: `Ship ${items.sweater.title}` }).click()
    await page.getByRole('button', { name: 'Mark as shipped' }).click()
    await page.getByText('Choose or type the carrier.').waitFor()
    await page.getByRole('combobox', { name: 'Carrier' }).fill('USPS')
    await page.getByRole('textbox', { name: 'Tracking number' }).fill('9400111899223100001111')
    await expectAccessible(page, 'seller ship form')
    await snap(page, 'seller-ship-form')
    await page.getByRole('button', { name: 'Mark as shipped' }).click()
    await page.getByText('Marked as shipped').waitFor()
    await expect.poll(() => page.getByText(toShip.externalRef).count()).toBe(0)
    const shipped = await j.app.as<OrderView>(
      'seller',
      'seller-sam',
      'GET',
      `/v1/orders/${toShip.id}`,
    )
    expect(shipped.status).toBe('shipped')
    expect(shipped.shipments[0]).toMatchObject({
      carrier: 'USPS',
      trackingNumber: '9400111899223100001111',
    })

    await page.getByRole('link', { name: 'Cancellations' }).click()
    await page.getByRole('heading', { name: 'Cancellation requests' }).waitFor()
    await page.getByText('Found it cheaper').waitFor()
    await page.getByText('“Found the same dress for less, sorry about that.”').waitFor()
    await expectAccessible(page, 'seller cancellation requests')
    await snap(page, 'seller-cancellations')

    await page.getByRole('button', { name: 'Approve cancellation' }).click()
    await page.getByText('Cancellation approved').waitFor()
    await page.getByText('No requests waiting').waitFor()
    await expectAccessible(page, 'seller cancellation approved')
    await snap(page, 'seller-cancellation-approved')
    const cancelled = await j.app.as<OrderView>(
      'seller',
      'seller-sam',
      'GET',
      `/v1/orders/${requested.id}`,
    )
    expect(cancelled.status).toBe('cancelled')
  })

  it('declines only with a reason', async () => {
    const at = await now()
    const placed = await j.app.importOrder(
      order(items.jacket, { buyerId: 'buyer-ben', purchasedAt: hoursFrom(at, -2) }),
    )
    await j.app.as('buyer', 'buyer-ben', 'POST', `/v1/orders/${placed.id}/cancellations`, {
      reason: 'no_longer_needed',
    })

    const page = await open()
    await signInAs(page, "Sam's Vintage")
    await page.goto(`${j.app.url}/orders/${placed.id}`)
    await page.getByRole('heading', { name: 'The buyer asks to cancel' }).waitFor()
    await expectAccessible(page, 'seller order with a request')
    await snap(page, 'seller-order')
    await page.getByRole('button', { name: 'Decline…' }).click()
    await page.getByRole('button', { name: 'Decline request' }).click()
    await page.getByText('Say why, so the buyer understands.').waitFor()
    await page
      .getByRole('textbox', { name: 'Why are you declining?' })
      .fill('Already packed and handed to the carrier this morning.')
    await page.getByRole('button', { name: 'Decline request' }).click()
    await expect
      .poll(() => page.getByRole('heading', { name: 'The buyer asks to cancel' }).count())
      .toBe(0)
    await page.getByRole('heading', { name: 'Ship this order' }).waitFor()
  })

  it('works at phone width', async () => {
    const page = await open(phone)
    await signInAs(page, "Sam's Vintage")
    await page.getByRole('heading', { name: 'Orders to ship' }).waitFor()
    await page.locator('.ship-row').first().waitFor()
    await expectAccessible(page, 'seller to ship (phone)')
    await snap(page, 'phone-seller-to-ship')
  })
})

describe('an admin', () => {
  it('moves the sandbox clock forward', async () => {
    const before = Date.parse(await now())
    const page = await open()
    await signInAs(page, 'Operations admin')
    await page.getByRole('link', { name: 'Sandbox clock', exact: true }).click()
    await page.getByRole('heading', { name: 'Sandbox clock' }).waitFor()
    await expectAccessible(page, 'sandbox clock')
    await page.getByRole('textbox', { name: 'Custom duration' }).fill('2 days')
    await page.getByRole('button', { name: 'Advance', exact: true }).click()
    await page.getByText(/Use an ISO-8601 duration/).waitFor()
    await page.getByRole('button', { name: '+ 1 day' }).click()
    await page.getByText('Time moved forward').waitFor()
    await page.getByText(/1 day .*ahead of real time|1 day ahead of real time/).waitFor()
    expect(Date.parse(await now()) - before).toBeGreaterThanOrEqual(86_400_000)
    await expectAccessible(page, 'sandbox clock advanced')
    await snap(page, 'admin-sandbox-clock')
  })
})
