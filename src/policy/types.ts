import type { BusinessCalendar, Duration } from './time.ts'
import type {
  CaseReason,
  Fault,
  Funder,
  RefundDestination,
  SellerCancelReason,
} from './vocabulary.ts'

/**
 * A marketplace's post-sale rules as data. Every knob says which rule it
 * encodes; `@default` is the value in `defaultPolicy` (presets override).
 * Cases, cancellations and returns freeze the version in force when they
 * open: a later change never rewrites what is already under way.
 */
export interface Policy {
  /** Which preset this policy started from (`poshmark`, `ebay`, …) or `custom`. @default 'default' */
  readonly preset: PresetName | 'default' | 'custom'
  /** Business days are counted in this calendar. */
  readonly calendar: BusinessCalendar
  /** Handling time, transit, ship-by reminders and automatic acceptance after delivery. */
  readonly order: OrderPolicy
  /** Cancelling before shipment: the buyer's window, seller approval, where the money goes. */
  readonly cancellation: CancellationPolicy
  /** Cases: covered reasons, windows, seller response, escalation, offers and appeals. */
  readonly cases: CasePolicy
  /** Returns: ship-by, inspection, deductions and who pays the label. */
  readonly returns: ReturnPolicy
  /** Where refunds go and who funds them. */
  readonly refunds: RefundPolicy
  /** Seller standards: the scorecard's window and thresholds, and what listings must show. */
  readonly reputation: ReputationPolicy
  /** Buyer–seller conversations: when they lock and what moderation hides. */
  readonly messaging: MessagingPolicy
}

export type PresetName = 'poshmark' | 'ebay' | 'mercadolibre' | 'walmart'

export interface OrderPolicy {
  /** Handling time used when the marketplace sends no ship-by date. @default 3 business days */
  readonly defaultHandlingTime: Duration
  /** Expected carrier transit; ship-by + transit is the estimated delivery date. @default 5 calendar days */
  readonly estimatedTransit: Duration
  /** A reminder goes to the seller this long before the ship-by date. @default 24 hours */
  readonly shipByReminderBefore: Duration
  /**
   * After delivery the order is accepted automatically and the seller's payout
   * released unless a case is open (Poshmark: 3 days after delivery).
   * @default 3 calendar days
   */
  readonly autoAcceptAfterDelivery: Duration
}

export interface CancellationPolicy {
  /**
   * A buyer's cancellation request inside this window after purchase, while the
   * order is unshipped, is approved at once (Poshmark: 3 hours; eBay: 1 hour,
   * but the seller must still approve — see `sellerApprovalInsideWindow`).
   * @default 1 hour
   */
  readonly buyerWindow: Duration
  /** eBay: even inside the window, the seller approves a buyer's request. @default false */
  readonly sellerApprovalInsideWindow: boolean
  /**
   * Whether a buyer may ask at all once the window has passed (the seller then
   * approves or declines). Poshmark accepted offers are binding: no.
   * @default true
   */
  readonly buyerMayRequestAfterWindow: boolean
  /** How long the seller has to approve or decline a buyer's request. @default 2 business days */
  readonly sellerResponseTime: Duration
  /** What seller silence does when `sellerResponseTime` passes. @default 'approve' */
  readonly onSellerSilence: 'approve' | 'decline'
  /**
   * The buyer may cancel outright if the order is still unshipped this long
   * after purchase (Poshmark: 7 days). `null`: no such right.
   * @default 7 calendar days
   */
  readonly buyerRightAfterUnshipped: Duration | null
  /** Where a cancellation's refund goes (Poshmark: Posh credit). @default 'original_payment' */
  readonly refundDestination: RefundDestination
  /** Seller cancellation reasons that count against the seller (out of stock is a defect everywhere). @default ['out_of_stock', 'pricing_error'] */
  readonly sellerFaultReasons: readonly SellerCancelReason[]
  /**
   * The buyer may ask the marketplace to decide a request the seller has not
   * answered once this long has passed since the request (Poshmark tells
   * buyers to escalate to support when the seller does not respond; eBay lets
   * the buyer ask it to step in after 3 business days without the seller's
   * answer). `null`: only a declined request may be escalated.
   * @default 1 business days
   */
  readonly escalationAfterNoAnswer: Duration | null
  /**
   * The buyer may escalate a declined request within this time of the
   * decline (Poshmark: "escalate the issue to Poshmark's support team" when the
   * seller refuses). No marketplace publishes a limit; 3 days matches the
   * shortest windows above. `null`: a decline is final.
   * @default 3 calendar days
   */
  readonly escalationWindowAfterDecline: Duration | null
  /** Agents decide an escalated cancellation within this time; a breach raises its priority in the queue (eBay: about 48 h). @default 48 hours */
  readonly agentDecisionSla: Duration
  /** A party an agent asks for information on an escalated cancellation answers within this time; after it the agent decides without. @default 2 calendar days */
  readonly informationRequestTime: Duration
  /** Where the refund goes when an agent cancels the order (Poshmark: Posh credit, as every cancellation). @default 'original_payment' */
  readonly forcedRefundDestination: RefundDestination
  /**
   * Whether a cancellation the seller asked the marketplace for counts
   * against the seller by the agent's recorded fault (`decision`, eBay keeps
   * fault apart from the outcome) or by the seller's reason as if the seller
   * had cancelled (`reason`, `sellerFaultReasons`).
   * @default 'decision'
   */
  readonly sellerRequestCountsBy: 'decision' | 'reason'
}

export interface CasePolicy {
  /** Reasons a buyer may open a case for (Poshmark covers no "changed mind" or "doesn't fit"). @default all reasons */
  readonly coveredReasons: readonly CaseReason[]
  /** Reasons that are buyer's remorse: never counted against the seller. @default ['changed_mind', 'doesnt_fit'] */
  readonly remorseReasons: readonly CaseReason[]
  /** Reasons for which the buyer must attach evidence on opening (Poshmark: photos of the problem). @default [] */
  readonly evidenceRequiredFor: readonly CaseReason[]
  /** A case may be opened this long after delivery (Poshmark: 3 days; eBay: 30 days). @default 30 calendar days */
  readonly openWindowAfterDelivery: Duration
  /**
   * `not_received` may be opened once the estimated delivery date has passed,
   * and until this long after it (eBay item-not-received).
   * @default 30 calendar days
   */
  readonly notReceivedWindowAfterEstimatedDelivery: Duration
  /** Time the seller has to respond before the case escalates or is granted (eBay: 3 business days). @default 3 business days */
  readonly sellerResponseTime: Duration
  /**
   * What seller silence does: `escalate` to an agent (eBay), `grant_buyer` a
   * refund at the seller's cost (Amazon A-to-z), or `none`.
   * @default 'escalate'
   */
  readonly onSellerSilence: 'escalate' | 'grant_buyer' | 'none'
  /** The buyer must answer an offer within this time; silence declines it. @default 3 calendar days */
  readonly buyerOfferResponseTime: Duration
  /**
   * After the seller responds, the buyer may escalate within this time; a case
   * never escalated closes (Etsy-style).
   * @default 14 calendar days
   */
  readonly escalationWindowAfterResponse: Duration
  /** Agents decide within this time after escalation; a breach raises priority (eBay: about 48 h). @default 48 hours */
  readonly agentDecisionSla: Duration
  /** A party asked for more information has this long to answer. @default 3 calendar days */
  readonly informationRequestTime: Duration
  /** Either party may appeal a decision within this time, with new information (eBay, Amazon: 30 days). @default 30 calendar days */
  readonly appealWindow: Duration
  /**
   * Whether an accepted order can no longer take a case. Poshmark: the buyer
   * accepts, or 3 days after delivery the sale is final. eBay's Money Back
   * Guarantee runs its 30 days whatever happened to the payout.
   * @default false
   */
  readonly acceptanceEndsCaseWindow: boolean
  /** Offers a seller may make per case (Mercado Libre: one). `null`: no limit. @default null */
  readonly maxOffersPerCase: number | null
  /**
   * An offer made and accepted within this time of opening spares the seller's
   * reputation (Mercado Libre: 72 h). `null`: no grace.
   * @default null
   */
  readonly settlementGraceWindow: Duration | null
}

export interface ReturnPolicy {
  /** The buyer ships the return within this time of the label being issued. @default 5 business days */
  readonly buyerShipBy: Duration
  /** The seller inspects within this time of delivery; after it the refund goes out anyway. @default 2 business days */
  readonly sellerInspectionTime: Duration
  /** The most a seller may deduct for a used or damaged return, in percent (eBay: 50 %). @default 50 */
  readonly maxDeductionPercent: number
  /** Who pays return shipping for a covered reason (Poshmark: the marketplace). @default 'seller' */
  readonly coveredReturnShippingPaidBy: Funder
  /** Who pays return shipping for buyer's remorse, where remorse is covered. @default 'buyer' */
  readonly remorseReturnShippingPaidBy: Funder
  /** A replacement must be delivered within this time or the buyer is refunded. @default 10 calendar days */
  readonly replacementDeliveryTime: Duration
  /**
   * After a return's refund lands with a deduction taken at inspection, the
   * buyer may challenge the deduction (an agent then decides) within this time;
   * after it the return closes. No marketplace publishes this number; 3 days
   * matches the shortest case windows above (Poshmark's 3-day case window).
   * @default 3 calendar days
   */
  readonly deductionDisputeWindow: Duration
}

export interface RefundPolicy {
  /** Where a case refund goes. @default 'original_payment' */
  readonly caseRefundDestination: RefundDestination
  /** Marketplace credit expires this long after it is granted. `null`: never. @default null */
  readonly creditExpiry: Duration | null
  /** Who funds a refund, by the fault an agent recorded. */
  readonly fundingByFault: { readonly [F in Fault]: Funder }
  /**
   * How far, in minor units, a seller's payable balance may go below zero when
   * a seller-funded refund or label is debited after the payout was released
   * (eBay and Etsy charge such negative balances to the seller's card on file).
   * Beyond it the marketplace guarantee fronts the rest. `null`: no limit.
   * @default null
   */
  readonly sellerDebitLimit: number | null
  /**
   * What happens to the order's open case when the buyer's bank files a
   * chargeback. `close_case`: the claim closes (eBay closes the case when the
   * buyer opens a payment dispute with the card issuer; Amazon closes the
   * A-to-z claim when a chargeback is filed). `pause_case`: the case stays
   * open but can refund nothing the dispute holds until the dispute ends.
   * Either way the seller's payout stays held while the dispute is open.
   * @default 'pause_case'
   */
  readonly onPaymentDispute: 'pause_case' | 'close_case'
  /**
   * Who bears a lost chargeback when no agent recorded a fault on the order's
   * case and the order had not refunded already: the seller (drawn like a
   * seller-funded refund) or the marketplace guarantee. A recorded fault
   * follows `fundingByFault`; an order refunded before the chargeback is the
   * marketplace's to recover.
   * @default 'seller'
   */
  readonly chargebackLossBorneBy: 'seller' | 'marketplace'
  /**
   * The same for fraud chargebacks (stolen card, payment not recognised): a
   * seller who shipped as told is protected (eBay and Poshmark seller
   * protection for unauthorised payments).
   * @default 'marketplace'
   */
  readonly chargebackFraudBorneBy: 'seller' | 'marketplace'
  /** A lost chargeback counts against the seller's reputation when the seller bore it. @default true */
  readonly lostChargebackCountsAgainstSeller: boolean
  /** The evidence reminder goes out this long before the payment provider's evidence deadline. @default 2 calendar days */
  readonly disputeEvidenceReminderBefore: Duration
}

export interface ReputationPolicy {
  /** Rolling window the scorecard looks at (Mercado Libre: 60 days; Walmart: 30 or 60). @default 90 calendar days */
  readonly windowDays: number
  /** Most seller-caused cancellations, as a share of orders (Walmart: 2 %). @default 0.02 */
  readonly maxCancellationRate: number
  /** Most shipments late against ship-by (eBay: 10 %). @default 0.1 */
  readonly maxLateShipmentRate: number
  /** Fewest shipments with valid tracking (Walmart: more than 99 %). @default 0.95 */
  readonly minValidTrackingRate: number
  /** Fewest deliveries on time (Walmart: 90 %). @default 0.9 */
  readonly minOnTimeDeliveryRate: number
  /** Most cases counting against the seller, as a share of orders (eBay defect rate 2 %; Mercado Libre BR 2 %). @default 0.02 */
  readonly maxCaseRate: number
  /**
   * Most cases escalated to the marketplace and decided with the fault on the
   * seller, as a share of orders (eBay "cases closed without seller
   * resolution": 0.3 %).
   * @default 0.003
   */
  readonly maxLostAfterEscalationRate: number
  /**
   * Fewest cases whose first seller response came by the case's respond-by
   * time, as a share of cases that needed one (Walmart Canada: more than 80 %
   * of customer contacts answered within 48 h).
   * @default 0.8
   */
  readonly minOnTimeResponseRate: number
  /**
   * A metric that has used up this share of its margin shows `warn` before it
   * fails: with a 2 % ceiling, 1.6 % warns; with a 90 % floor, 92 % warns.
   * No marketplace publishes a warning band; 0.8 gives sellers room to react.
   * @default 0.8
   */
  readonly warnAt: number
  /**
   * What a listing must show, per category (the longest matching
   * `categoryPrefix` applies). No marketplace publishes one list; the defaults
   * follow Poshmark's and eBay's listing guides (several photos; size and
   * measurements for clothes and shoes; condition and flaws for used items).
   * @default defaultListingRequirements
   */
  readonly listingRequirements: readonly ListingRequirement[]
}

/** The attributes a listing in one category must show before it is published (checked by the listing review). */
export interface ListingRequirement {
  /** Category paths starting with this (`apparel/`); the longest matching prefix wins, `''` matches all. */
  readonly categoryPrefix: string
  /** Fewest photos. */
  readonly minPhotos: number
  /** A size (clothes, shoes). */
  readonly size: boolean
  /** Named measurements (chest, length, insole…): the usual root of "doesn't fit as described". */
  readonly measurements: boolean
  /** The material. */
  readonly material: boolean
  /** Used items (`good`, `fair`, `used`) describe their condition in at least 40 characters. */
  readonly conditionNotes: boolean
  /** Used items disclose their flaws (or say there are none). */
  readonly flaws: boolean
}

export interface MessagingPolicy {
  /** A conversation locks this long after its order or case closes (Mercado Libre: 30 days). @default 30 calendar days */
  readonly lockAfterClose: Duration
  /** What moderation hides from the counterparty (kept for agents). @default all true */
  readonly redact: {
    readonly emails: boolean
    readonly phoneNumbers: boolean
    readonly links: boolean
    readonly offPlatformPayment: boolean
  }
}
