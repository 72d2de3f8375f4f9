import type { Case, Order } from '../../api/types.ts'

/**
 * What every panel of the case page receives. Its own file, so panels kept in
 * other features (money, return) can take it without importing the page that
 * lists them.
 */
export interface CasePanelProps {
  readonly c: Case
  readonly order: Order | undefined
  readonly viewer: 'buyer' | 'seller'
  /** Say what just happened, at the top of the page. */
  readonly onDone: (message: string) => void
}
