/**
 * The wire contract, as the server declares it. Every type here comes from the
 * TypeBox schemas under src/http (the same ones that validate requests and
 * generate /openapi.json); nothing is redeclared by hand.
 */
import type { Static } from 'typebox'
import type { DemoUser } from '../../../src/cli/demo-users.ts'
import type { ProblemSchema } from '../../../src/http/problems.ts'
import type {
  CancellationView,
  DeclineCancellationBody,
  EligibilityView as EligibilitySchema,
  StartCancellationBody,
} from '../../../src/http/schemas/cancellation.ts'
import type {
  ListingSnapshot as ListingSnapshotSchema,
  OrderView,
  ShipmentBody,
} from '../../../src/http/schemas/order.ts'

export type { CancellationView, DemoUser, OrderView }
export type Order = OrderView
export type Cancellation = CancellationView
export type Eligibility = Static<typeof EligibilitySchema>
export type ListingSnapshot = Static<typeof ListingSnapshotSchema>
export type ShipmentInput = Static<typeof ShipmentBody>
export type StartCancellationInput = Static<typeof StartCancellationBody>
export type DeclineCancellationInput = Static<typeof DeclineCancellationBody>
export type Problem = Static<typeof ProblemSchema> & Record<string, unknown>

/** A button the caller may press now (`availableActions`), and when the chance runs out. */
export type AvailableAction = OrderView['availableActions'][number]
export type Deadline = NonNullable<OrderView['deadline']>

/** Cursor-paged list, as `Page(item)` in src/http/schemas/common.ts. */
export interface Page<T> {
  readonly items: T[]
  readonly nextCursor: string | null
}

export type Role = DemoUser['role']

// The three shapes below are inline schemas in src/http/routes/system.ts and are
// not exported yet; they mirror those routes' response schemas field for field.
/** GET|POST /v1/sandbox/clock */
export interface SandboxClock {
  readonly now: string
  readonly sandbox: boolean
  readonly fired?: number
}
/** POST /v1/demo/tokens */
export interface DemoToken {
  readonly token: string
  readonly userId: string
  readonly role: Role
}
/** GET /v1/demo/users */
export interface DemoUsers {
  readonly items: DemoUser[]
}
