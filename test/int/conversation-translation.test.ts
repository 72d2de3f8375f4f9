import { createServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REDACTION_MARK } from '../../src/domain/conversation/moderation.ts'
import {
  ApertiumTranslator,
  detectLanguage,
  installedApertiumModes,
} from '../../src/integrations/translation.ts'
import { addMillis } from '../../src/policy/time.ts'
import { monday9am } from '../support/app.ts'
import { orderBody } from '../support/orders.ts'
import { openMessagingApp, type MessagingApp } from '../http/conversation-support.ts'

// Apertium is a Debian package (apertium, apertium-eng-spa, apertium-es-pt,
// apertium-fr-es). CI installs it and must run this test; a machine without
// it says so instead of passing silently.
const modes = await installedApertiumModes()
const apertiumReady = modes.has('spa-eng') && modes.has('eng-spa')
if (!apertiumReady) {
  const why =
    'Apertium with the eng-spa pair is not installed: `apt-get install -y apertium apertium-eng-spa apertium-es-pt apertium-fr-es`'
  if (process.env.CI) throw new Error(`${why} (CI must run the translation test)`)
  console.warn(`SKIPPED: the Apertium translation test. ${why}`)
}

interface Msg {
  text: string
  textLanguage: string
  untranslated: string
  translation: { label: string; engine: string; quality: string; from: string; to: string } | null
}

const setUp = async (m: MessagingApp) => {
  const integration = await m.t.integration()
  for (const [id, role, locale] of [
    ['buyer-ana', 'buyer', 'es'],
    ['seller-sam', 'seller', 'en'],
  ] as const) {
    await m.server.inject({
      method: 'PUT',
      url: `/v1/users/${id}`,
      headers: { authorization: integration },
      payload: { role, name: id, locale },
    })
  }
  m.t.clock?.set(monday9am)
  const order = await m.server.inject({
    method: 'POST',
    url: '/v1/orders',
    headers: { authorization: integration },
    payload: orderBody({ buyerId: 'buyer-ana', sellerId: 'seller-sam' }),
  })
  const orderId = order.json<{ id: string }>().id
  const buyer = await m.t.bearer('buyer', 'buyer-ana')
  const seller = await m.t.bearer('seller', 'seller-sam')
  const say = (who: string, text: string) =>
    m.server.inject({
      method: 'POST',
      url: `/v1/orders/${orderId}/conversation/messages`,
      headers: { authorization: who },
      payload: { text },
    })
  const read = async (who: string): Promise<Msg[]> =>
    (
      await m.server.inject({
        method: 'GET',
        url: `/v1/orders/${orderId}/conversation`,
        headers: { authorization: who },
      })
    ).json<{ messages: Msg[] }>().messages
  return { buyer, seller, say, read }
}

describe.skipIf(!apertiumReady)('translation through Apertium', () => {
  let m: MessagingApp
  beforeAll(async () => {
    m = await openMessagingApp({ env: { RECOURSE_TRANSLATOR: 'apertium' } })
  })
  afterAll(async () => m.close())

  it('turns a Spanish buyer’s message into English for the seller, labelled, with the original one click away', async () => {
    const { buyer, seller, say, read } = await setUp(m)
    const text =
      'Hola, el paquete llegó roto. ¿Me puedes devolver el dinero? Mi número es 555-123-4567.'
    expect((await say(buyer, text)).statusCode).toBe(201)
    expect((await read(seller))[0]?.translation).toBeNull()

    expect(await m.sweep()).toBeGreaterThan(0)
    const [forSeller] = await read(seller)
    expect(forSeller?.translation).toEqual({
      label: 'machine_translation',
      engine: 'apertium',
      quality: 'rough',
      from: 'es',
      to: 'en',
    })
    expect(forSeller?.textLanguage).toBe('en')
    expect(forSeller?.text).toMatch(/package/i)
    expect(forSeller?.text).toMatch(/money/i)
    expect(forSeller?.text).toContain(REDACTION_MARK)
    expect(forSeller?.text).not.toContain('4567')
    expect(forSeller?.untranslated).toBe(
      `Hola, el paquete llegó roto. ¿Me puedes devolver el dinero? Mi número es ${REDACTION_MARK}.`,
    )
    // The buyer reads their own words.
    expect((await read(buyer))[0]).toMatchObject({ text, translation: null })
  })

  it('goes English → Portuguese through Spanish', async () => {
    const translated = await new ApertiumTranslator().translate(
      'The jacket arrived with a hole in the sleeve.',
      'en',
      'pt',
      AbortSignal.timeout(10_000),
    )
    if (!modes.has('es-pt')) return
    expect(translated?.text).toMatch(/jaqueta/i)
  })
})

describe('a failing or slow translator', () => {
  let m: MessagingApp
  let server: HttpServer
  let mode: 'fail' | 'slow' | 'ok' = 'fail'
  let calls = 0

  beforeAll(async () => {
    // A LibreTranslate-compatible server on this machine that misbehaves on demand.
    server = createServer((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        calls++
        if (mode === 'fail') {
          res.writeHead(503).end('down for maintenance')
          return
        }
        const { q } = JSON.parse(body) as { q: string }
        const answer = () =>
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ translatedText: `[en] ${q}` }))
        if (mode === 'slow') setTimeout(answer, 1_500)
        else answer()
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    m = await openMessagingApp({
      env: {
        RECOURSE_TRANSLATOR: 'libretranslate',
        RECOURSE_LIBRETRANSLATE_URL: `http://127.0.0.1:${port}`,
        // The stand-in server is on this machine: allowed explicitly (issue #16).
        RECOURSE_OUTBOUND_ALLOW_HTTP: '1',
        RECOURSE_OUTBOUND_ALLOW: '127.0.0.1/32',
        RECOURSE_TRANSLATE_TIMEOUT_MS: '300',
      },
    })
  })
  afterAll(async () => {
    await m.close()
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
  })

  it('never blocks or loses a message: it is stored untranslated and translated once the engine answers', async () => {
    const { buyer, seller, say, read } = await setUp(m)
    mode = 'fail'
    const posted = await say(buyer, 'Hola, ¿cuándo envías el paquete?')
    expect(posted.statusCode).toBe(201)
    await m.sweep()
    expect(calls).toBe(1)
    expect((await read(seller))[0]).toMatchObject({
      text: 'Hola, ¿cuándo envías el paquete?',
      translation: null,
    })

    mode = 'slow'
    const retryAt = addMillis(monday9am, 10_000)
    m.t.clock?.set(retryAt)
    await m.sweep(retryAt)
    expect(calls).toBe(2)
    expect((await read(seller))[0]?.translation).toBeNull()

    mode = 'ok'
    const later = addMillis(retryAt, 60_000)
    m.t.clock?.set(later)
    await m.sweep(later)
    expect((await read(seller))[0]).toMatchObject({
      text: '[en] Hola, ¿cuándo envías el paquete?',
      translation: { engine: 'libretranslate', quality: 'standard', from: 'es', to: 'en' },
      untranslated: 'Hola, ¿cuándo envías el paquete?',
    })
    // Done: nothing left to retry.
    expect(await m.sweep(addMillis(later, 86_400_000))).toBe(0)
  })
})

describe('language detection', () => {
  it('detects whole sentences and falls back to the author’s language on a word or two', async () => {
    expect(await detectLanguage('El paquete llegó roto y quiero un reembolso.', 'en')).toEqual({
      language: 'es',
      source: 'detected',
    })
    expect(await detectLanguage('Obrigado, vou enviar amanhã cedo.', 'en')).toEqual({
      language: 'pt',
      source: 'detected',
    })
    expect(await detectLanguage('ok', 'fr-FR')).toEqual({ language: 'fr', source: 'assumed' })
  })
})
