import { businessDays, days, hours } from './time.ts'
import type { ListingRequirement, Policy, PresetName } from './types.ts'
import { caseReasons, type CaseReason } from './vocabulary.ts'

type PerPolicy = { readonly [P in PresetName | 'default']: boolean }

/**
 * Which reasons each policy covers (`cases.coveredReasons`): one row per
 * reason, one decision per policy. A reason added to `CaseReason` does not
 * compile until its row says where a buyer may open a case for it, so no
 * preset covers a new remorse-like reason by accident (Poshmark covers none).
 */
// prettier-ignore
const coverage: { readonly [R in CaseReason]: PerPolicy } = {
  not_received:     { default: true,  poshmark: true,  ebay: true,  mercadolibre: true,  walmart: true },
  not_as_described: { default: true,  poshmark: true,  ebay: true,  mercadolibre: true,  walmart: true },
  damaged:          { default: true,  poshmark: true,  ebay: true,  mercadolibre: true,  walmart: true },
  wrong_item:       { default: true,  poshmark: true,  ebay: true,  mercadolibre: true,  walmart: true },
  defective:        { default: true,  poshmark: true,  ebay: true,  mercadolibre: true,  walmart: true },
  missing_parts:    { default: true,  poshmark: true,  ebay: true,  mercadolibre: true,  walmart: true },
  counterfeit:      { default: true,  poshmark: true,  ebay: true,  mercadolibre: true,  walmart: true },
  changed_mind:     { default: true,  poshmark: false, ebay: true,  mercadolibre: true,  walmart: true },
  doesnt_fit:       { default: true,  poshmark: false, ebay: true,  mercadolibre: true,  walmart: true },
}

/**
 * Buyer's remorse (`cases.remorseReasons`, the same in every preset): nothing
 * is wrong with the item, so the case never counts against the seller and the
 * buyer pays the return label. Decided for each reason, like coverage.
 */
const remorse: { readonly [R in CaseReason]: boolean } = {
  not_received: false,
  not_as_described: false,
  damaged: false,
  wrong_item: false,
  defective: false,
  missing_parts: false,
  counterfeit: false,
  changed_mind: true,
  doesnt_fit: true,
}

/**
 * Poshmark asks for photos of the problem (`cases.evidenceRequiredFor`)
 * whenever something is wrong with the item itself; the other policies ask for
 * none.
 */
const poshmarkPhotos: { readonly [R in CaseReason]: boolean } = {
  not_received: false,
  not_as_described: true,
  damaged: true,
  wrong_item: true,
  defective: true,
  missing_parts: true,
  counterfeit: true,
  changed_mind: false,
  doesnt_fit: false,
}

/** The reasons a decision table says yes to, in `CaseReason` order. */
const reasonsWhere = (decided: (reason: CaseReason) => boolean): readonly CaseReason[] =>
  caseReasons.filter(decided)

/** What listings must show by default, per category prefix (see `ReputationPolicy.listingRequirements`). */
export const defaultListingRequirements: readonly ListingRequirement[] = [
  {
    categoryPrefix: '',
    minPhotos: 2,
    size: false,
    measurements: false,
    material: false,
    conditionNotes: true,
    flaws: true,
  },
  {
    categoryPrefix: 'apparel/',
    minPhotos: 4,
    size: true,
    measurements: true,
    material: true,
    conditionNotes: true,
    flaws: true,
  },
  {
    categoryPrefix: 'shoes/',
    minPhotos: 4,
    size: true,
    measurements: false,
    material: false,
    conditionNotes: true,
    flaws: true,
  },
  {
    categoryPrefix: 'accessories/',
    minPhotos: 4,
    size: false,
    measurements: true,
    material: true,
    conditionNotes: true,
    flaws: true,
  },
  {
    categoryPrefix: 'electronics/',
    minPhotos: 3,
    size: false,
    measurements: false,
    material: false,
    conditionNotes: true,
    flaws: true,
  },
  {
    categoryPrefix: 'home/',
    minPhotos: 3,
    size: false,
    measurements: true,
    material: true,
    conditionNotes: true,
    flaws: true,
  },
]

/** The baseline every preset starts from; each value is the `@default` in `types.ts`. */
export const defaultPolicy: Policy = {
  preset: 'default',
  calendar: { timeZone: 'America/New_York', weekend: [0, 6], holidays: [] },
  order: {
    defaultHandlingTime: businessDays(3),
    estimatedTransit: days(5),
    shipByReminderBefore: hours(24),
    autoAcceptAfterDelivery: days(3),
  },
  cancellation: {
    buyerWindow: hours(1),
    sellerApprovalInsideWindow: false,
    buyerMayRequestAfterWindow: true,
    sellerResponseTime: businessDays(2),
    onSellerSilence: 'approve',
    buyerRightAfterUnshipped: days(7),
    refundDestination: 'original_payment',
    sellerFaultReasons: ['out_of_stock', 'pricing_error'],
    escalationAfterNoAnswer: businessDays(1),
    escalationWindowAfterDecline: days(3),
    agentDecisionSla: hours(48),
    informationRequestTime: days(2),
    forcedRefundDestination: 'original_payment',
    sellerRequestCountsBy: 'decision',
  },
  cases: {
    coveredReasons: reasonsWhere((r) => coverage[r].default),
    remorseReasons: reasonsWhere((r) => remorse[r]),
    evidenceRequiredFor: [],
    openWindowAfterDelivery: days(30),
    notReceivedWindowAfterEstimatedDelivery: days(30),
    sellerResponseTime: businessDays(3),
    onSellerSilence: 'escalate',
    buyerOfferResponseTime: days(3),
    escalationWindowAfterResponse: days(14),
    agentDecisionSla: hours(48),
    informationRequestTime: days(3),
    appealWindow: days(30),
    maxOffersPerCase: null,
    settlementGraceWindow: null,
    acceptanceEndsCaseWindow: false,
  },
  returns: {
    buyerShipBy: businessDays(5),
    sellerInspectionTime: businessDays(2),
    maxDeductionPercent: 50,
    coveredReturnShippingPaidBy: 'seller',
    remorseReturnShippingPaidBy: 'buyer',
    replacementDeliveryTime: days(10),
    deductionDisputeWindow: days(3),
  },
  refunds: {
    caseRefundDestination: 'original_payment',
    creditExpiry: null,
    fundingByFault: {
      seller: 'seller',
      buyer: 'seller',
      carrier: 'carrier',
      none: 'marketplace',
      force_majeure: 'marketplace',
    },
    sellerDebitLimit: null,
    onPaymentDispute: 'pause_case',
    chargebackLossBorneBy: 'seller',
    chargebackFraudBorneBy: 'marketplace',
    lostChargebackCountsAgainstSeller: true,
    disputeEvidenceReminderBefore: days(2),
  },
  reputation: {
    windowDays: 90,
    maxCancellationRate: 0.02,
    maxLateShipmentRate: 0.1,
    minValidTrackingRate: 0.95,
    minOnTimeDeliveryRate: 0.9,
    maxCaseRate: 0.02,
    maxLostAfterEscalationRate: 0.003,
    minOnTimeResponseRate: 0.8,
    warnAt: 0.8,
    listingRequirements: defaultListingRequirements,
  },
  messaging: {
    lockAfterClose: days(30),
    redact: { emails: true, phoneNumbers: true, links: true, offPlatformPayment: true },
  },
}

/**
 * Poshmark: 3-hour buyer cancel window for Buy Now purchases, accepted offers
 * binding; buyer may cancel if unshipped after 7 days; cancellations refund as
 * Posh credit; cases within 3 days of delivery with photos; no remorse or fit
 * cover; the platform pays covered return labels; payout 3 days after delivery.
 */
const poshmark: Policy = {
  ...defaultPolicy,
  preset: 'poshmark',
  calendar: { timeZone: 'America/Los_Angeles', weekend: [0, 6], holidays: [] },
  order: { ...defaultPolicy.order, defaultHandlingTime: days(7), autoAcceptAfterDelivery: days(3) },
  cancellation: {
    ...defaultPolicy.cancellation,
    buyerWindow: hours(3),
    // After the 3-hour window the buyer may still ask; the seller decides, and
    // a refusal or silence goes to Poshmark support (issue 22's quote).
    buyerMayRequestAfterWindow: true,
    buyerRightAfterUnshipped: days(7),
    refundDestination: 'marketplace_credit',
    escalationAfterNoAnswer: days(1),
    forcedRefundDestination: 'marketplace_credit',
  },
  cases: {
    ...defaultPolicy.cases,
    coveredReasons: reasonsWhere((r) => coverage[r].poshmark),
    evidenceRequiredFor: reasonsWhere((r) => poshmarkPhotos[r]),
    openWindowAfterDelivery: days(3),
    acceptanceEndsCaseWindow: true,
    sellerResponseTime: days(3),
    onSellerSilence: 'escalate',
  },
  returns: {
    ...defaultPolicy.returns,
    buyerShipBy: days(3),
    sellerInspectionTime: days(3),
    coveredReturnShippingPaidBy: 'marketplace',
  },
  refunds: { ...defaultPolicy.refunds, caseRefundDestination: 'marketplace_credit' },
}

/**
 * eBay Money Back Guarantee: buyer cancellation requests within 1 hour, always
 * approved by the seller; 30-day case window; 3 business days for the seller
 * before the case escalates; about 48 h for eBay's decision; 50 % maximum
 * deduction on used returns; refund within 2 business days of receipt; appeal
 * within 30 days.
 */
const ebay: Policy = {
  ...defaultPolicy,
  preset: 'ebay',
  cancellation: {
    ...defaultPolicy.cancellation,
    buyerWindow: hours(1),
    sellerApprovalInsideWindow: true,
    buyerMayRequestAfterWindow: false,
    sellerResponseTime: businessDays(3),
    onSellerSilence: 'decline',
    buyerRightAfterUnshipped: null,
    // ebay.co.uk help 4701: the buyer may ask eBay to step in after 3 business days
    // without the seller's answer; eBay decides in about 48 h.
    escalationAfterNoAnswer: businessDays(3),
    agentDecisionSla: hours(48),
    sellerRequestCountsBy: 'reason',
  },
  cases: {
    ...defaultPolicy.cases,
    coveredReasons: reasonsWhere((r) => coverage[r].ebay),
    openWindowAfterDelivery: days(30),
    sellerResponseTime: businessDays(3),
    onSellerSilence: 'escalate',
    agentDecisionSla: hours(48),
    appealWindow: days(30),
  },
  returns: {
    ...defaultPolicy.returns,
    sellerInspectionTime: businessDays(2),
    maxDeductionPercent: 50,
  },
  // eBay closes the buyer's case when the buyer files a payment dispute with the card issuer.
  refunds: { ...defaultPolicy.refunds, onPaymentDispute: 'close_case' },
  reputation: {
    ...defaultPolicy.reputation,
    windowDays: 90,
    maxLateShipmentRate: 0.1,
    maxCaseRate: 0.02,
  },
}

/**
 * Mercado Libre: one offer per claim; a refund offered and accepted within
 * 72 h of opening does not affect reputation; 60-day reputation window;
 * messages lock 30 days after the last one.
 */
const mercadolibre: Policy = {
  ...defaultPolicy,
  preset: 'mercadolibre',
  calendar: { timeZone: 'America/Sao_Paulo', weekend: [0, 6], holidays: [] },
  cases: {
    ...defaultPolicy.cases,
    coveredReasons: reasonsWhere((r) => coverage[r].mercadolibre),
    sellerResponseTime: days(3),
    maxOffersPerCase: 1,
    settlementGraceWindow: hours(72),
  },
  reputation: {
    ...defaultPolicy.reputation,
    windowDays: 60,
    maxCaseRate: 0.02,
    maxCancellationRate: 0.025,
  },
}

/**
 * Walmart Marketplace (US): the customer contacts the seller first, may
 * escalate, Walmart's decision is binding; sellers answer within 48 h;
 * cancellations ≤ 2 %, on-time delivery ≥ 90 %, valid tracking > 99 %.
 */
const walmart: Policy = {
  ...defaultPolicy,
  preset: 'walmart',
  cancellation: {
    ...defaultPolicy.cancellation,
    sellerResponseTime: hours(48),
    // Sellers answer within 48 h (performance standard); then the customer may escalate.
    escalationAfterNoAnswer: hours(48),
  },
  cases: {
    ...defaultPolicy.cases,
    coveredReasons: reasonsWhere((r) => coverage[r].walmart),
    sellerResponseTime: hours(48),
    onSellerSilence: 'escalate',
  },
  reputation: {
    ...defaultPolicy.reputation,
    windowDays: 30,
    maxCancellationRate: 0.02,
    minOnTimeDeliveryRate: 0.9,
    minValidTrackingRate: 0.99,
  },
}

export const presets: { readonly [P in PresetName]: Policy } = {
  poshmark,
  ebay,
  mercadolibre,
  walmart,
}

export const presetNames = Object.keys(presets) as PresetName[]
