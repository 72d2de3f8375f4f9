import { describe, expect, it } from 'vitest'
import { ensureDemoUsers } from '../../src/demo/demo-users.ts'
import type { Instant } from '../../src/policy/time.ts'
import { installedApertiumModes } from '../../src/integrations/translation.ts'
import { expectAccessible, snap } from './support/browser.ts'
import { journey } from './support/journey.ts'
import { hoursFrom, items, order } from './support/marketplace.ts'

// The translation is Apertium's (Debian packages; CI installs them). The
// server reads RECOURSE_TRANSLATOR when the journey starts it, below. A
// machine without Apertium says so and skips, rather than passing silently.
const modes = await installedApertiumModes()
const apertiumReady = modes.has('spa-eng') && modes.has('eng-spa')
if (!apertiumReady) {
  const why = 'Apertium with the eng-spa pair is not installed'
  if (process.env.CI) throw new Error(`${why} (CI must run the conversation journey)`)
  console.warn(`SKIPPED: the conversation journey. ${why}`)
}
process.env.RECOURSE_TRANSLATOR = apertiumReady ? 'apertium' : 'none'

const j = journey()

/** The scheduler's outbox pass: the translation jobs queued by new messages run. */
const translate = async (): Promise<void> => {
  await j.app.recourse.messaging.outbox.sweep((await j.now()) as Instant)
}

const SPANISH =
  'Hola, la chaqueta llegó con una mancha en la manga. Mi teléfono es 55 1234 5678, llámeme por favor.'
const ENGLISH = 'Sorry about the stain. Can you send me a photo of the sleeve?'

describe.skipIf(!apertiumReady)('a conversation across languages', () => {
  it('a Spanish buyer writes, the English seller reads it in English with the original a click away, and answers', async () => {
    const at = await j.now()
    // Ana reads Spanish, Sam English: the demo's people, as `recourse start --demo` writes them.
    await ensureDemoUsers(j.app.recourse.database, at as Instant)
    const placed = await j.app.importOrder(order(items.jacket, { purchasedAt: hoursFrom(at, -72) }))

    const buyer = await j.open()
    await j.signInAs(buyer, 'Ana Souza')
    await buyer.goto(`${j.app.url}/orders/${placed.id}/conversation`)
    await buyer.getByRole('heading', { name: /^Conversation with Sam's Vintage/ }).waitFor()
    await buyer.getByRole('textbox', { name: /Write a message/ }).fill(SPANISH)
    await buyer.getByRole('button', { name: 'Send' }).click()
    await buyer.getByText(SPANISH).waitFor()
    // The author is told what the other side does not see.
    await buyer.getByText(/The other side sees this without a phone number/).waitFor()
    await translate()

    const seller = await j.open()
    await j.signInAs(seller, "Sam's Vintage")
    await seller.goto(`${j.app.url}/orders/${placed.id}`)
    await seller.getByRole('link', { name: 'Open the conversation' }).click()
    await seller.waitForURL(new RegExp(`/orders/${placed.id}/conversation$`))
    const message = seller.getByTestId('message').first()
    await message.getByText(/Machine translation from Spanish \(apertium, rough\)/).waitFor()
    const translated = await message.locator('.message-text').innerText()
    expect(translated).not.toBe(SPANISH)
    expect(translated).toMatch(/jacket|sleeve|stain/i)
    // The phone number never reaches the seller, in either language.
    expect(translated).not.toContain('1234 5678')
    await message.getByText(/Part of this message was hidden/).waitFor()
    await expectAccessible(seller, 'seller conversation, translated')
    await snap(seller, 'conversation-seller-translated')

    await message.getByRole('button', { name: 'Show original' }).click()
    const original = await message.locator('.message-text').innerText()
    expect(original).toContain('Hola, la chaqueta llegó con una mancha en la manga.')
    expect(original).not.toContain('1234 5678')
    expect(await message.getByRole('button', { name: 'Show translation' }).isVisible()).toBe(true)
    await snap(seller, 'conversation-seller-original')

    await seller.getByRole('textbox', { name: /Write a message/ }).fill(ENGLISH)
    await seller.getByRole('button', { name: 'Send' }).click()
    await seller.getByText(ENGLISH).waitFor()
    await translate()

    // Ana reads Sam's answer in Spanish, and sees that he read hers.
    await buyer.reload()
    const answer = buyer.getByTestId('message').nth(1)
    await answer.getByText(/Machine translation from English/).waitFor()
    const inSpanish = await answer.locator('.message-text').innerText()
    expect(inSpanish).not.toBe(ENGLISH)
    await expect.poll(() => buyer.getByText('Seen').first().isVisible()).toBe(true)
    await expectAccessible(buyer, 'buyer conversation')
    await snap(buyer, 'conversation-buyer')

    // Sam's notification list has Ana's message, and marks it read.
    await seller.goto(`${j.app.url}/notifications`)
    await seller.getByRole('heading', { name: 'Notifications' }).waitFor()
    const notice = seller.getByTestId('notification').first()
    await notice.getByRole('button', { name: 'Mark read' }).click()
    await expect.poll(() => notice.getByRole('button', { name: 'Mark read' }).count()).toBe(0)
    await expectAccessible(seller, 'seller notifications')
    await snap(seller, 'notifications-seller')

    await seller.goto(`${j.app.url}/settings/notifications`)
    await seller.getByRole('heading', { name: 'Notification preferences' }).waitFor()
    const emailForCases = seller.getByRole('checkbox', { name: 'A buyer opens a case: email' })
    expect(await emailForCases.isChecked()).toBe(true)
    // The box is controlled by the saved preferences: it changes when the server answers.
    await emailForCases.click()
    await expect.poll(() => emailForCases.isChecked()).toBe(false)
    const saved = await j.app.as<Record<string, { email: boolean; inApp: boolean }>>(
      'seller',
      'seller-sam',
      'GET',
      '/v1/me/notification-preferences',
    )
    expect(saved.case_opened).toEqual({ email: false, inApp: true })
    await expectAccessible(seller, 'notification preferences')
    await snap(seller, 'notification-preferences')
  }, 300_000)
})
