import type { MessagingPolicy } from '../../policy/types.ts'
import type { Finding, FindingKind, Moderation } from './events.ts'

/**
 * What the counterparty sees in place of hidden text. Language-neutral, so a
 * translation engine passes it through unchanged (checked with Apertium).
 */
export const REDACTION_MARK = '[•••]'

interface Match {
  readonly start: number
  readonly end: number
}

const all = (re: RegExp, text: string): Match[] =>
  [...text.matchAll(re)].map((m) => ({ start: m.index, end: m.index + m[0].length }))

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g
/** "ana at gmail dot com", "ana (arroba) gmail punto com": the usual ways around a filter. */
const SPELLED_EMAIL =
  /\b[\w.+-]+\s*[([]?\s*(?:at|arroba|arobase)\s*[)\]]?\s*[\w-]+\s*[([]?\s*(?:dot|punto|ponto|point)\s*[)\]]?\s*[a-z]{2,}\b/gi

/** Email addresses, written plainly or spelled out. */
const emails = (text: string): Match[] => [...all(EMAIL, text), ...all(SPELLED_EMAIL, text)]

/** A run of digits with the separators people type in phone numbers. */
const DIGIT_RUN = /(?:\+|\b00)?\(?\d[\d\s().\-/]{5,}\d\)?/g
const DATE = /^\(?\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\)?$|^\(?\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\)?$/
/** Numbers people quote that are not phones: order and tracking references. */
const REFERENCE_BEFORE =
  /(?:#|\b(?:order|pedido|orden|tracking|rastreo|rastreio|seguimiento|suivi|commande|encomenda|n[º°o]\.?|ref\.?|invoice|factura|fatura|facture)\b[^\d\n]{0,12})$/i

/**
 * Phone numbers in the formats people write: `+1 (555) 123-4567`,
 * `555.123.4567`, `+55 11 98765-4321`, `06 12 34 56 78`, `5551234567`.
 * Seven to fifteen digits (E.164's most). Plain space-separated short
 * numbers ("sizes 38 40 42 44") are too often not phones: with spaces alone a
 * run needs nine digits; a `+`, dash, dot or parenthesis marks a phone from seven.
 */
const phones = (text: string): Match[] => {
  const found: Match[] = []
  for (const m of text.matchAll(DIGIT_RUN)) {
    const raw = m[0].replace(/[\s./-]+$/, '')
    const digits = raw.replace(/\D/g, '').length
    if (digits < 7 || digits > 15) continue
    if (DATE.test(raw.trim())) continue
    if (REFERENCE_BEFORE.test(text.slice(Math.max(0, m.index - 24), m.index))) continue
    const marked = /[+().-]/.test(raw) || !/\s/.test(raw)
    if (!marked && digits < 9) continue
    // A decimal amount ("1.234,56", "4500.00") is money, not a phone.
    if (/^\d{1,3}(?:[.,]\d{3})*[.,]\d{2}$/.test(raw)) continue
    found.push({ start: m.index, end: m.index + raw.length })
  }
  return found
}

const URL_LIKE = /\b(?:https?:\/\/|www\.)[^\s<>"]+/gi
/** Bare domains ("wa.me/5511…", "myshop.com", "bit.ly/x"), on the TLDs such links use. */
const BARE_DOMAIN =
  /\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:com|net|org|io|me|ly|co|app|shop|store|link|info|biz|gg|to|tv|us|uk|br|mx|ar|cl|es|pt|fr|de|it|ca)\b(?:\/[^\s<>"]*)?/gi

const trimTrailingPunctuation = (text: string, m: Match): Match => {
  let end = m.end
  while (end > m.start && /[.,;:!?)\]]/.test(text.charAt(end - 1))) end--
  return { start: m.start, end }
}

/** Links and bare domains, without the punctuation that ends the sentence around them. */
const links = (text: string): Match[] =>
  [...all(URL_LIKE, text), ...all(BARE_DOMAIN, text)].map((m) => trimTrailingPunctuation(text, m))

/** Asking to be paid or to pay, in English, Spanish, Portuguese and French. */
const PAY_VERB = String.raw`\b(?:pay|send|transfer|wire|deposit|p[aá]game|p[aá]gueme|pagame|te pago|pagar(?:me|te)?|paga(?:-me)?|pague(?:-me)?|me paga|transfi[eé]reme|transfiere|transfira|env[ií]ame|manda|deposita|dep[oó]sitame|payez(?:-moi)?|paie(?:-moi)?|payer|envoyez(?:-moi)?|virez)\b`
/** Where the money would go instead of the marketplace's checkout. */
const CHANNEL = String.raw`(?:paypal|venmo|zelle|cash\s?app|cashapp|wise|revolut|western\s+union|moneygram|bizum|lydia|mb\s?way|pix|mercado\s?pago|nequi|daviplata|bitcoin|btc|crypto|usdt|bank\s+transfer|wire\s+transfer|bank\s+account|transferencia|transfer[eê]ncia|virement|iban|cbu|cvu|clabe|outside\s+(?:the\s+)?(?:app|site|platform|marketplace)|off[-\s]platform|directly|fuera\s+de\s+la\s+(?:app|plataforma|p[aá]gina)|por\s+fora|fora\s+da\s+(?:plataforma|app)|en\s+dehors\s+de\s+la\s+plateforme|directement|directamente|diretamente)`
/**
 * "pay me on Venmo", "págame por Mercado Pago", "me paga via Pix", "payez-moi
 * par virement": a paying verb followed, within the same sentence, by a
 * channel outside the marketplace. "Can you pay me on Friday?" names no channel.
 */
const OFF_PLATFORM = new RegExp(`${PAY_VERB}[^.!?\\n]{0,60}?\\b${CHANNEL}\\b`, 'gi')

/** Requests to pay outside the marketplace's checkout. */
const offPlatformPayments = (text: string): Match[] => all(OFF_PLATFORM, text)

/** Each kind of finding, the `policy.messaging.redact` knob that turns it on, and its detector. */
const detectors: readonly [FindingKind, keyof MessagingPolicy['redact'], (t: string) => Match[]][] =
  [
    ['email', 'emails', emails],
    ['off_platform_payment', 'offPlatformPayment', offPlatformPayments],
    ['link', 'links', links],
    ['phone', 'phoneNumbers', phones],
  ]

/**
 * Finds what `policy.messaging.redact` says to hide, and the text the
 * counterparty reads. Overlaps are merged into the earlier finding (an email
 * is not also a link), so the redacted text has one mark per hidden stretch.
 * Kinds the policy leaves visible are not looked for.
 */
export const moderate = (text: string, redact: MessagingPolicy['redact']): Moderation => {
  const candidates: Finding[] = []
  for (const [kind, knob, detect] of detectors) {
    if (!redact[knob]) continue
    for (const m of detect(text)) if (m.end > m.start) candidates.push({ kind, ...m })
  }
  candidates.sort((a, b) => a.start - b.start || b.end - a.end)
  const findings: Finding[] = []
  for (const f of candidates) {
    const last = findings.at(-1)
    if (last && f.start < last.end) {
      if (f.end > last.end) findings[findings.length - 1] = { ...last, end: f.end }
      continue
    }
    findings.push(f)
  }
  if (findings.length === 0) return { findings, redacted: null }
  let redacted = ''
  let from = 0
  for (const f of findings) {
    redacted += text.slice(from, f.start) + REDACTION_MARK
    from = f.end
  }
  return { findings, redacted: redacted + text.slice(from) }
}
