import { afterAll } from 'vitest'
import { report } from './support/report.ts'

// the ledger's posting property (src/domain/ledger/ledger.props.test.ts)
// over 5,000 random walks of captures, refunds (card and credit, every
// funder), provider answers, retries, switches, labels, payouts and repeats:
// every posting balances, the balances equal the sum of the entries, and no
// entry changes once posted. The real services on a database run the same
// checks in test/int/money.props.test.ts.
const WALKS = 5000
process.env.RECOURSE_LEDGER_WALKS = String(WALKS)
await import('../../src/domain/ledger/ledger.props.test.ts')

afterAll(() => report('R-4', { walks: WALKS }))
