/**
 * Longest statement a buyer may file: room for an explanation, not for a
 * document (evidence goes on the cases themselves).
 * @default 2000
 */
export const APPEAL_STATEMENT_MAX_LENGTH = 2000

/** Longest rationale an agent may give, as for a case decision. @default 5000 */
export const APPEAL_RATIONALE_MAX_LENGTH = 5000

/**
 * A signal cleared at `clearedValue` flags again only when the buyer's value
 * rises above it. Rates are ratios of whole numbers, so a float wobble in
 * the last digits must not count as "worse".
 */
export const isWorseThanCleared = (value: number, clearedValue: number): boolean =>
  value > clearedValue + 1e-9
