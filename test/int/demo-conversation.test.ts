import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/app/clock.ts'
import { openRecourse } from '../../src/app/recourse.ts'
import { orderIdFor } from '../../src/app/ids.ts'
import { demoUsers, ensureDemoUsers } from '../../src/demo/demo-users.ts'
import { ensureDemoMarketplace } from '../../src/demo/seed.ts'
import { loadConfig } from '../../src/config.ts'
import { REDACTION_MARK } from '../../src/domain/conversation/moderation.ts'
import type { Actor } from '../../src/domain/shared/actor.ts'
import { asId, type UserId } from '../../src/domain/shared/ids.ts'
import { ApertiumTranslator, installedApertiumModes } from '../../src/integrations/translation.ts'
import { users } from '../../src/store/schema.ts'
import { monday9am, TEST_JWT_SECRET } from '../support/app.ts'
import { openTestDatabase } from '../support/db.ts'

// The demo translates with Apertium when the Debian packages are installed
// (CI installs them); without them the thread is checked untranslated and
// the test says so.
const modes = await installedApertiumModes()
const apertiumReady = modes.has('spa-eng') && modes.has('eng-spa')
if (!apertiumReady) {
  const why = 'Apertium with the eng-spa pair is not installed'
  if (process.env.CI) throw new Error(`${why} (CI must run the demo translation test)`)
  console.warn(`PARTLY SKIPPED: the demo thread's translation. ${why}`)
}

const sam: Actor = { kind: 'seller', id: asId<UserId>('seller-sam') }
const ana: Actor = { kind: 'buyer', id: asId<UserId>('buyer-ana') }

describe('the demo conversation', { timeout: 300_000 }, () => {
  it('has Ana writing in Spanish and Sam reading her in English, her phone number hidden from him', async () => {
    const db = await openTestDatabase()
    try {
      const recourse = await openRecourse(loadConfig({ RECOURSE_JWT_SECRET: TEST_JWT_SECRET }), {
        database: db.database,
        clock: fixedClock(monday9am),
        ...(apertiumReady ? { translator: new ApertiumTranslator() } : {}),
      })
      await ensureDemoUsers(recourse.database, monday9am)
      await ensureDemoMarketplace(recourse, { progress: false, orders: 40 })
      await recourse.messaging.outbox.sweep(monday9am)

      const people = await db.database.db.select().from(users)
      for (const u of demoUsers) {
        expect(people.find((p) => p.id === u.id)).toMatchObject({
          email: `${u.id}@example.com`,
          locale: u.locale,
        })
      }

      const orderId = orderIdFor<string>('demo-story-5')
      const read = (who: Actor) =>
        recourse.messaging.conversations.get(db.database.db, who, orderId, { limit: 50 }, monday9am)
      const forSam = await read(sam)
      const forAna = await read(ana)
      expect(forSam?.messages.map((m) => [m.author.role, m.language])).toEqual([
        ['buyer', 'es'],
        ['seller', 'en'],
        ['buyer', 'es'],
      ])
      const [first, , phone] = forSam?.messages ?? []
      // The original is one click away for Sam: his view keeps it, in Spanish.
      expect(first?.untranslated).toContain('las zapatillas llegaron')
      expect(phone?.untranslated).not.toContain('55 1234 5678')
      expect(phone?.untranslated).toContain(REDACTION_MARK)
      expect(phone?.moderation.redacted).toBe(true)
      if (apertiumReady) {
        expect(first?.translation).toMatchObject({ engine: 'apertium', from: 'es', to: 'en' })
        expect(first?.textLanguage).toBe('en')
        expect(first?.text).not.toBe(first?.untranslated)
        expect(forAna?.messages[1]?.translation).toMatchObject({ from: 'en', to: 'es' })
        expect(phone?.text).not.toContain('55 1234 5678')
      }
      // Ana, the author, still sees what she wrote.
      expect(forAna?.messages[2]?.text).toContain('55 1234 5678')
      await recourse.close()
    } finally {
      await db.destroy()
    }
  })
})
