import type { LightMyRequestResponse } from 'fastify'
import { inflateSync } from 'node:zlib'
import {
  BarcodeFormat,
  BinaryBitmap,
  DecodeHintType,
  GlobalHistogramBinarizer,
  MultiFormatReader,
  RGBLuminanceSource,
} from '@zxing/library'
import { PDFDocument, PDFName, PDFNumber, PDFRawStream } from 'pdf-lib'
import { Compile } from 'typebox/compile'
import { expect } from 'vitest'
import { CreditsView, LedgerView, RefundView } from '../../src/http/schemas/money.ts'
import { ReplacementView, ReturnView } from '../../src/http/schemas/return.ts'
import type { Instant } from '../../src/policy/time.ts'
import { addHours } from '../../src/policy/time.ts'
import type { Policy } from '../../src/policy/types.ts'
import type { ImportOrderBody } from '../../src/http/schemas/order.ts'
import { openTestApp, type TestApp, type TestAppOptions } from '../support/app.ts'
import { multipartFile, PNG_1x1 } from '../support/http.ts'
import { orderBody } from '../support/orders.ts'

const validators = {
  Refund: Compile(RefundView),
  Ledger: Compile({ Refund: RefundView }, LedgerView),
  Credits: Compile(CreditsView),
  Return: Compile(ReturnView),
  Replacement: Compile(ReplacementView),
}

/** The body matches the money response schema the route declares. */
export const expectMoneySchema = (name: keyof typeof validators, body: unknown): void => {
  const errors = [...validators[name].Errors(body)].map((e) => `${e.instancePath} ${e.message}`)
  expect(errors).toEqual([])
}

export interface LedgerJson {
  orderId: string
  status: string
  payout: { status: string; orderPayout: string; releasedAmount: number | null }
  totals: {
    captured: number
    capturedByCard: number
    capturedByCredit: number
    refundedToCard: number
    inFlight: number
    failed: number
    credited: number
    labelCharges: number
    chargebackHeld: number
    chargedBack: number
    refundable: number
    escrow: number
  }
  postings: {
    postingId: string
    businessKey: string
    kind: string
    entries: { account: string; amount: number }[]
  }[]
  balances: { account: string; kind: string; amount: number }[]
  refunds: RefundJson[]
}

export interface RefundJson {
  refundId: string
  orderId: string
  refundKey: string
  status: string
  amount: number
  toCard: number
  toCredit: number
  destination: string
  funding: string
  reason: string
  attempt: number
  providerReference: string | null
  failureReason: string | null
  availableActions: string[]
}

export interface ReturnJson {
  id: string
  status: string
  rma: string
  caseId: string
  orderId: string
  label: { carrier: string; trackingNumber: string; cost: number }
  labelUrl: string
  labelCharge: number
  shippingPaidBy: string
  refunded: number
  refundIds: string[]
  inspectBy: string | null
  disputeBy: string | null
  closeReason: string | null
  availableActions: { action: string; dueAt?: string }[]
}

export interface CreditsJson {
  userId: string
  balance: number
  available: number
  granted: number
  spent: number
  expired: number
  lots: { grantKey: string; amount: number; remaining: number; status: string }[]
  history: { type: string; amount: number }[]
}

/**
 * Every posting sums to zero, each account's balance is the sum of its
 * entries, and the totals account for every captured cent: refunded, in
 * flight, failed (owed), credited, charged for labels, or still refundable.
 */
export const expectLedgerAddsUp = (ledger: LedgerJson): void => {
  const sums = new Map<string, number>()
  for (const p of ledger.postings) {
    expect(
      p.entries.reduce((s, e) => s + e.amount, 0),
      `posting ${p.businessKey} balances`,
    ).toBe(0)
    for (const e of p.entries) {
      expect(Number.isSafeInteger(e.amount)).toBe(true)
      sums.set(e.account, (sums.get(e.account) ?? 0) + e.amount)
    }
  }
  expect(Object.fromEntries(ledger.balances.map((b) => [b.account, b.amount]))).toEqual(
    Object.fromEntries(sums),
  )
  expect(ledger.balances.reduce((s, b) => s + b.amount, 0)).toBe(0)
  const t = ledger.totals
  expect(t.capturedByCard + t.capturedByCredit).toBe(t.captured)
  expect(
    t.refundedToCard +
      t.inFlight +
      t.failed +
      t.credited +
      t.labelCharges +
      t.chargebackHeld +
      t.chargedBack +
      t.refundable,
  ).toBe(t.captured)
  expect(t.refundable).toBeGreaterThanOrEqual(0)
  const escrow = ledger.balances.find((b) => b.kind === 'order_escrow')?.amount ?? 0
  expect(t.escrow).toBe(escrow)
}

/** A test app with the parties of the money walkthroughs. */
export interface MoneyHarness {
  readonly t: TestApp
  readonly integration: string
  readonly buyer: string
  readonly seller: string
  readonly agent: string
  readonly agent2: string
  readonly admin: string
  at(time: Instant): void
  sweep(time: Instant): Promise<number>
  post(
    url: string,
    authorization: string,
    payload?: object,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>
  get(url: string, authorization: string): Promise<LightMyRequestResponse>
  /** Under `policy`, an order shipped and delivered at `deliveredAt`. */
  deliveredOrder(
    policy: Policy,
    deliveredAt: Instant,
    overrides?: Partial<ImportOrderBody>,
  ): Promise<string>
  uploadPhoto(authorization: string): Promise<string>
  ledger(orderId: string, authorization?: string): Promise<LedgerJson>
  close(): Promise<void>
}

export const openMoneyHarness = async (options: TestAppOptions = {}): Promise<MoneyHarness> => {
  const t = await openTestApp(options)
  const integration = await t.integration()
  const buyer = await t.bearer('buyer', 'buyer-1')
  const seller = await t.bearer('seller', 'seller-1')
  const agent = await t.bearer('agent', 'agent-1')
  const agent2 = await t.bearer('agent', 'agent-2')
  const admin = await t.bearer('admin', 'admin-1')
  const at = (time: Instant): void => {
    t.clock?.set(time)
  }
  const post = (
    url: string,
    authorization: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) =>
    t.server.inject({
      method: 'POST',
      url,
      headers: { authorization, ...headers },
      ...(payload ? { payload } : {}),
    })
  const get = (url: string, authorization: string) =>
    t.server.inject({ method: 'GET', url, headers: { authorization } })
  const h: MoneyHarness = {
    t,
    integration,
    buyer,
    seller,
    agent,
    agent2,
    admin,
    at,
    sweep: async (time) => {
      at(time)
      let fired = 0
      // A fired deadline can make another one due at once (a case closing frees the order's).
      for (let round = 0; round < 5; round++) {
        const n = await t.recourse.deadlines.sweep(time)
        fired += n
        if (n === 0) break
      }
      return fired
    },
    post,
    get,
    deliveredOrder: async (policy, deliveredAt, overrides = {}) => {
      await t.usePolicy(policy)
      at(addHours(deliveredAt, -72))
      const created = await post('/v1/orders', integration, orderBody(overrides))
      expect(created.statusCode).toBe(201)
      const order = created.json<{ id: string }>()
      expect(
        (
          await post(`/v1/orders/${order.id}/shipments`, integration, {
            carrier: 'USPS',
            trackingNumber: '94001118',
          })
        ).statusCode,
      ).toBe(200)
      at(deliveredAt)
      expect((await post(`/v1/orders/${order.id}/delivery`, integration)).statusCode).toBe(200)
      return order.id
    },
    uploadPhoto: async (authorization) => {
      const { payload, headers } = multipartFile(PNG_1x1, 'photo.png', 'image/png')
      const res = await t.server.inject({
        method: 'POST',
        url: '/v1/files',
        headers: { authorization, ...headers },
        payload,
      })
      expect(res.statusCode).toBe(201)
      return res.json<{ fileId: string }>().fileId
    },
    ledger: async (orderId, authorization = agent) => {
      const res = await get(`/v1/orders/${orderId}/ledger`, authorization)
      expect(res.statusCode).toBe(200)
      expectMoneySchema('Ledger', res.json())
      const ledger = res.json<LedgerJson>()
      expectLedgerAddsUp(ledger)
      return ledger
    },
    close: () => t.close(),
  }
  return h
}

/** The text on every page of a PDF, as a real parser reads it (pdf.js). */
export const pdfText = async (bytes: Uint8Array): Promise<string[]> => {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise
  const lines: string[] = []
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n)
    const content = await page.getTextContent()
    for (const item of content.items) if ('str' in item && item.str !== '') lines.push(item.str)
  }
  await doc.destroy()
  return lines
}

/**
 * Decodes the barcode image embedded in a label PDF: finds the image XObject
 * with pdf-lib's low-level API, inflates its pixels (pdf-lib stores a PNG as
 * Flate-compressed RGB), and reads Code 128 with ZXing.
 */
export const pdfBarcodes = async (bytes: Uint8Array): Promise<string[]> => {
  const doc = await PDFDocument.load(bytes)
  const found: string[] = []
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue
    const dict = object.dict
    if (dict.get(PDFName.of('Subtype')) !== PDFName.of('Image')) continue
    if (dict.get(PDFName.of('ColorSpace')) !== PDFName.of('DeviceRGB')) continue
    const width = dict.lookup(PDFName.of('Width'), PDFNumber).asNumber()
    const height = dict.lookup(PDFName.of('Height'), PDFNumber).asNumber()
    const rgb = inflateSync(object.contents)
    expect(rgb.length).toBe(width * height * 3)
    const gray = new Uint8ClampedArray(width * height)
    for (let i = 0; i < gray.length; i++) {
      gray[i] = ((rgb[i * 3] ?? 0) + 2 * (rgb[i * 3 + 1] ?? 0) + (rgb[i * 3 + 2] ?? 0)) >> 2
    }
    const source = new RGBLuminanceSource(gray, width, height)
    const bitmap = new BinaryBitmap(new GlobalHistogramBinarizer(source))
    const hints = new Map<DecodeHintType, unknown>([
      [DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.CODE_128]],
    ])
    const result = new MultiFormatReader().decode(bitmap, hints)
    expect(result.getBarcodeFormat()).toBe(BarcodeFormat.CODE_128)
    found.push(result.getText())
  }
  return found
}
