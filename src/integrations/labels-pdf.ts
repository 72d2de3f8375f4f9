/**
 * Draws a return label as a 4 × 6 in PDF (the thermal-printer size carriers
 * use): the parties, the RMA, the carrier and the tracking number as text and
 * as a Code 128 barcode. Pure given its input: the same return draws the same
 * bytes (the document dates are the label's own, not the time of the request).
 */
import bwipjs from 'bwip-js'
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib'
import type { PostalParty } from './labels.ts'

export interface LabelDocument {
  readonly rma: string
  readonly carrier: string
  readonly service: string
  readonly trackingNumber: string
  readonly from: PostalParty
  readonly to: PostalParty
  readonly orderRef: string
  /** ISO instant. */
  readonly shipBy: string
  /** ISO instant the label was issued; also the PDF's creation date. */
  readonly issuedAt: string
  readonly items: readonly { readonly title: string; readonly quantity: number }[]
  /** Who pays the postage, as the policy decided. */
  readonly postagePaidBy: string
  /** What the buyer is charged for the label (taken off the refund), minor units. */
  readonly labelCharge: number
  readonly currency: string
}

/** 4 × 6 in at 72 pt per inch. */
export const LABEL_WIDTH = 288
export const LABEL_HEIGHT = 432

const MARGIN = 14
const INNER = LABEL_WIDTH - 2 * MARGIN

/** A Code 128 barcode PNG with a white quiet zone (scanners need ten modules of it). */
export const code128Png = (text: string): Promise<Buffer> =>
  bwipjs.toBuffer({
    bcid: 'code128',
    text,
    scale: 3,
    height: 14,
    includetext: false,
    paddingwidth: 12,
    paddingheight: 2,
    backgroundcolor: 'FFFFFF',
  })

/** Minor units as a decimal amount in the currency's own exponent (no floats). */
export const formatMinor = (amount: number, currency: string): string => {
  let digits = 2
  try {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
  } catch {
    // An unknown code keeps two decimals.
  }
  const sign = amount < 0 ? '-' : ''
  const whole = String(Math.abs(amount)).padStart(digits + 1, '0')
  const units = digits === 0 ? whole : `${whole.slice(0, -digits)}.${whole.slice(-digits)}`
  return `${sign}${units} ${currency}`
}

/**
 * The standard PDF fonts speak WinAnsi (Latin-1 and a few more): characters
 * they cannot draw (a name in another script) print as `?` rather than
 * failing the whole label.
 */
const printable = (font: PDFFont, text: string): string =>
  [...text]
    .map((ch) => {
      try {
        font.encodeText(ch)
        return ch
      } catch {
        return '?'
      }
    })
    .join('')

/** Cut to fit `width`, ending in an ellipsis when cut. */
const fit = (font: PDFFont, text: string, size: number, width: number): string => {
  const safe = printable(font, text)
  if (font.widthOfTextAtSize(safe, size) <= width) return safe
  let cut = safe
  while (cut.length > 0 && font.widthOfTextAtSize(`${cut}…`, size) > width) cut = cut.slice(0, -1)
  return `${cut}…`
}

const day = (iso: string): string => iso.slice(0, 10)

export const renderLabelPdf = async (label: LabelDocument): Promise<Uint8Array> => {
  const doc = await PDFDocument.create()
  const issued = new Date(label.issuedAt)
  doc.setTitle(`Return label ${label.rma}`)
  doc.setSubject(`${label.carrier} ${label.trackingNumber}`)
  doc.setProducer('Recourse')
  doc.setCreator('Recourse')
  doc.setCreationDate(issued)
  doc.setModificationDate(issued)
  const page = doc.addPage([LABEL_WIDTH, LABEL_HEIGHT])
  const regular = await doc.embedFont(StandardFonts.Helvetica)
  const bold = await doc.embedFont(StandardFonts.HelveticaBold)
  const mono = await doc.embedFont(StandardFonts.Courier)

  let y = LABEL_HEIGHT - MARGIN
  const text = (
    value: string,
    options: { size: number; font?: PDFFont; x?: number; width?: number },
  ): void => {
    const font = options.font ?? regular
    y -= options.size
    page.drawText(fit(font, value, options.size, options.width ?? INNER), {
      x: options.x ?? MARGIN,
      y,
      size: options.size,
      font,
      color: rgb(0, 0, 0),
    })
    y -= options.size * 0.25
  }
  const rule = (gap = 5): void => {
    y -= gap
    page.drawLine({
      start: { x: MARGIN, y },
      end: { x: LABEL_WIDTH - MARGIN, y },
      thickness: 1,
      color: rgb(0, 0, 0),
    })
    y -= gap
  }
  const party = (caption: string, p: PostalParty, nameSize: number): void => {
    text(caption, { size: 7, font: bold })
    text(p.name, { size: nameSize, font: bold })
    for (const line of p.lines) text(line, { size: 8 })
  }

  drawHeader(page, bold, regular, label, y)
  y -= 24
  rule()
  party('FROM', label.from, 10)
  rule()
  party('SHIP TO', label.to, 14)
  rule()
  text('RMA', { size: 7, font: bold })
  text(label.rma, { size: 20, font: bold })
  rule()

  const png = await doc.embedPng(await code128Png(label.trackingNumber))
  const barHeight = 64
  y -= barHeight
  page.drawImage(png, { x: MARGIN, y, width: INNER, height: barHeight })
  y -= 2
  const trackingSize = 12
  const trackingWidth = mono.widthOfTextAtSize(label.trackingNumber, trackingSize)
  text(label.trackingNumber, {
    size: trackingSize,
    font: mono,
    x: (LABEL_WIDTH - trackingWidth) / 2,
  })
  text(`Tracking · ${label.carrier}`, { size: 7 })
  rule()

  text(`Order ${label.orderRef}   Ship by ${day(label.shipBy)}`, { size: 8 })
  const shown = label.items.slice(0, 3)
  for (const item of shown) text(`${item.quantity} × ${item.title}`, { size: 8 })
  if (label.items.length > shown.length)
    text(`+ ${label.items.length - shown.length} more`, { size: 8 })
  const charge =
    label.labelCharge > 0
      ? `; ${formatMinor(label.labelCharge, label.currency)} taken off your refund`
      : ''
  text(`Postage paid by the ${label.postagePaidBy}${charge}`, { size: 7 })
  return doc.save({ useObjectStreams: false })
}

const drawHeader = (
  page: PDFPage,
  bold: PDFFont,
  regular: PDFFont,
  label: LabelDocument,
  top: number,
): void => {
  page.drawText('RETURN', { x: MARGIN, y: top - 20, size: 20, font: bold })
  const right = LABEL_WIDTH - MARGIN
  const carrier = fit(bold, label.carrier, 10, 150)
  const service = fit(regular, label.service, 8, 150)
  page.drawText(carrier, {
    x: right - bold.widthOfTextAtSize(carrier, 10),
    y: top - 10,
    size: 10,
    font: bold,
  })
  page.drawText(service, {
    x: right - regular.widthOfTextAtSize(service, 8),
    y: top - 21,
    size: 8,
    font: regular,
  })
}
