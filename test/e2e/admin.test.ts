import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedMarketplace } from '../../src/demo/seed.ts'
import { presets } from '../../src/policy/presets.ts'
import { expectAccessible, phone, snap } from './support/browser.ts'
import { journey } from './support/journey.ts'
import { items, order } from './support/marketplace.ts'

// The admin's journeys: edit the policy and simulate the change before
// publishing it, add a webhook endpoint and read its deliveries, create and
// revoke an API key, and read the analytics over a seeded marketplace.

const j = journey()
let receiver: Server
let receiverUrl = ''
const received: string[] = []

beforeAll(async () => {
  const { recourse } = j.app
  await recourse.policies.publish(
    recourse.database.db,
    presets.poshmark,
    'system',
    await recourse.clock.now(),
    'Poshmark preset',
  )
  await seedMarketplace(recourse, { orders: 120, seed: 'admin-e2e', progress: false })
  receiver = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      received.push(String(req.headers['webhook-id']))
      res.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/recourse`
})

afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve))
})

const asAdmin = async (path: string, viewport?: { width: number; height: number }) => {
  const page = await j.open(viewport)
  await j.signInAs(page, 'Operations admin')
  await page.goto(`${j.app.url}${path}`)
  return page
}

/** Nothing sticks out sideways at phone width; on failure, the elements that do are named. */
const noSidewaysScroll = async (page: Page): Promise<void> => {
  const wide = await page.evaluate(`(() => {
    const width = document.documentElement.clientWidth
    if (document.documentElement.scrollWidth - width <= 1) return []
    return [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > width + 1)
      // Inside a region that scrolls on its own (the top bar, a wide table) is fine.
      .filter((e) => {
        for (let p = e.parentElement; p; p = p.parentElement)
          if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return false
        return true
      })
      .slice(0, 8)
      .map((e) => e.tagName.toLowerCase() + '.' + String(e.className).replaceAll(' ', '.'))
  })()`)
  expect(wide, 'elements wider than the phone').toEqual([])
}

describe('an admin editing the policy', () => {
  it('changes the Poshmark case window from 3 to 5 days, sees the difference, simulates it and publishes', async () => {
    const page = await asAdmin('/admin/policy')
    await page.getByRole('heading', { name: 'Policy', level: 1 }).waitFor()
    const diff = page.locator('section[aria-labelledby="diff-base-title"]')
    await diff.getByText('Same values as the Poshmark preset.').waitFor()
    await expect.poll(() => page.getByLabel('Start from').inputValue()).toBe('poshmark')

    const amount = page.getByLabel('Open window after delivery: amount')
    expect(await amount.inputValue()).toBe('3')
    await amount.fill('5')
    await diff.getByText('cases.openWindowAfterDelivery').waitFor()
    expect(await diff.locator('.diff-from').textContent()).toBe('3 days')
    expect(await diff.locator('.diff-to').textContent()).toBe('5 days')
    expect(
      await page.locator('[data-knob="cases.openWindowAfterDelivery"] .knob-was').textContent(),
    ).toContain('3 days in the Poshmark preset')
    await expectAccessible(page, 'policy editor')
    await snap(page, 'admin-policy')

    await page.getByRole('button', { name: 'Simulate this change' }).click()
    await page.getByRole('heading', { name: 'Simulate a policy' }).waitFor()
    expect(await page.getByLabel('Policy A').inputValue()).toBe('current')
    expect(await page.getByLabel('Policy B').inputValue()).toBe('draft')
    await page.getByLabel('Orders').fill('1000')
    await page.getByRole('button', { name: 'Run simulation' }).click()
    const changes = page.getByRole('list', { name: 'Differences, policy A to policy B' })
    await changes.waitFor({ timeout: 120_000 })
    // Poshmark ends the case window when the order is accepted (3 days after
    // delivery), so a 5-day window turns "window elapsed" refusals into
    // "order accepted" ones: the simulation says so in numbers.
    const elapsed = changes.locator('[data-metric="CASE_WINDOW_ELAPSED"]')
    await elapsed.waitFor()
    expect(await elapsed.locator('.delta-down').count()).toBe(1)
    expect(
      await page.getByRole('table', { name: 'Simulation: policy A against policy B' }).count(),
    ).toBe(1)
    expect(await page.locator('figure.chart svg[role="img"]').count()).toBeGreaterThanOrEqual(3)
    await expectAccessible(page, 'simulation')
    await snap(page, 'admin-simulation')

    await page.getByRole('link', { name: 'Policy' }).first().click()
    await page.getByRole('heading', { name: 'Policy', level: 1 }).waitFor()
    await page.getByLabel('Open window after delivery: amount').fill('5')
    await page.getByLabel(/^Why/).fill('Poshmark window 3 → 5 days')
    await page.getByRole('button', { name: 'Publish version' }).click()
    await page.getByText('New cases and cancellations follow it from now on.').waitFor()
    const versions = page.getByRole('table', { name: 'Published policy versions, newest first' })
    await versions.getByText('Poshmark window 3 → 5 days').waitFor()
    const { policy } = await j.app.recourse.policies.current(j.app.recourse.database.db)
    expect(policy.cases.openWindowAfterDelivery).toEqual({ amount: 5, unit: 'calendar_days' })
    expect(policy.preset).toBe('poshmark')
  }, 180_000)

  it('says which knob is wrong when the server refuses the policy, and works at phone width', async () => {
    const page = await asAdmin('/admin/policy', phone)
    await page.getByRole('heading', { name: 'Policy', level: 1 }).waitFor()
    await page.getByLabel('Max case rate (%)').fill('250')
    await page.getByRole('button', { name: 'Publish version' }).click()
    const refusal = page.locator('[data-knob="reputation.maxCaseRate"] .field-error')
    await refusal.waitFor()
    expect(await refusal.textContent()).toContain('reputation.maxCaseRate')
    await noSidewaysScroll(page)
    await expectAccessible(page, 'policy editor at phone width')
    await snap(page, 'admin-policy-phone', { fullPage: false })
  })
})

describe('an admin managing webhooks', () => {
  it('adds an endpoint, sees its deliveries and attempts, redelivers, reveals the secret', async () => {
    const page = await asAdmin('/admin/webhooks')
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor()
    await page.getByLabel('URL').fill(receiverUrl)
    await page.getByLabel(/^Description/).fill('Marketplace backend')
    await page.getByRole('button', { name: 'Add endpoint' }).click()
    await page.getByText('Endpoint added. Its signing secret:').waitFor()
    expect(await page.locator('.secret-box').first().textContent()).toMatch(/^whsec_/)

    const jacket = await j.app.importOrder(order(items.jacket))
    await j.app.integration('POST', `/v1/orders/${jacket.id}/shipments`, {
      carrier: 'UPS',
      trackingNumber: '1Z999AA10123456784',
    })
    await j.app.recourse.messaging.outbox.sweep(await j.app.recourse.clock.now())
    expect(received.length).toBeGreaterThan(0)

    await page.reload()
    const log = page.getByRole('table', { name: 'Deliveries to this endpoint, newest first' })
    await log.getByText('delivered').first().waitFor()
    const first = log.locator('tbody tr').first()
    expect(await first.locator('td.num').first().textContent()).toBe('1')
    await first.getByRole('button', { name: 'Attempts' }).click()
    const attempts = page.getByRole('table', { name: 'Every attempt of this delivery' })
    await attempts.getByText('204').waitFor()

    await first.getByRole('button', { name: /^Redeliver / }).click()
    await page.getByText('Queued again').waitFor()
    await log.getByText('pending').first().waitFor()

    await page.getByRole('button', { name: 'Reveal secret' }).click()
    await page.getByRole('button', { name: 'Hide secret' }).waitFor()
    await expectAccessible(page, 'webhooks')
    await snap(page, 'admin-webhooks')
  })
})

describe('an admin managing API keys', () => {
  it('creates a key shown once, which works until it is revoked', async () => {
    const page = await asAdmin('/admin/api-keys')
    await page.getByRole('heading', { name: 'API keys' }).waitFor()
    await page.getByLabel('Name').fill('Checkout backend')
    await page.getByRole('button', { name: 'Create key' }).click()
    const secret = (await page.getByTestId('new-api-key').textContent()) ?? ''
    expect(secret).toMatch(/^rk_/)
    const call = () =>
      fetch(`${j.app.url}/v1/event-types`, { headers: { authorization: `Bearer ${secret}` } })
    expect((await call()).status).toBe(200)
    await expectAccessible(page, 'API keys')
    await snap(page, 'admin-api-keys')

    await page.reload()
    expect(await page.getByText(secret).count()).toBe(0)
    await page.getByRole('button', { name: 'Revoke Checkout backend' }).click()
    const row = page.locator('tr', {
      has: page.getByRole('rowheader', { name: 'Checkout backend' }),
    })
    await row.getByText('Revoked').waitFor()
    // The key cache forgets a revoked key within 5 seconds in every process.
    await expect.poll(async () => (await call()).status, { timeout: 8_000 }).toBe(401)
  })

  it('lists people in the directory', async () => {
    const page = await asAdmin('/admin/people')
    await page.getByRole('heading', { name: 'People' }).waitFor()
    await page.getByLabel('Role').selectOption('seller')
    await expect.poll(() => page.locator('tbody tr').count()).toBeGreaterThan(0)
    await expectAccessible(page, 'people')
  })
})

describe('analytics', () => {
  it('shows the case rate, reasons, resolution times and risk lists with data', async () => {
    const page = await asAdmin('/analytics')
    await page.getByRole('heading', { name: 'Analytics' }).waitFor()
    await page.getByRole('img', { name: /^Case rate over time/ }).waitFor()
    expect(await page.locator('figure.chart polyline').count()).toBeGreaterThan(0)
    const reasons = page.getByRole('img', { name: /^Reasons/ })
    await reasons.waitFor()
    expect(await reasons.locator('rect').count()).toBeGreaterThan(0)
    await page.getByRole('img', { name: /^Resolution times/ }).waitFor()
    await page.getByRole('heading', { name: 'Late shippers' }).waitFor()
    await page.getByRole('heading', { name: 'Dispute-prone listings' }).waitFor()
    await page.getByRole('heading', { name: 'Return abuse' }).waitFor()
    await page.getByText('Show the numbers').first().click()
    await expectAccessible(page, 'analytics')
    await snap(page, 'analytics')
  })

  it('is usable at phone width by an agent', async () => {
    const page = await j.open(phone)
    await j.signInAs(page, 'María Ruiz')
    await page.goto(`${j.app.url}/analytics`)
    await page.getByRole('img', { name: /^Case rate over time/ }).waitFor()
    await noSidewaysScroll(page)
    await expectAccessible(page, 'analytics at phone width')
    await snap(page, 'analytics-phone', { fullPage: false })
  })
})
