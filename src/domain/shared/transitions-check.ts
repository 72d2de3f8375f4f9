import type { Transitions } from './decider.ts'

/** Whether `from → to` is a declared status move. Staying in the same status is not a move and is always legal. */
export const isLegalMove = <S extends string>(table: Transitions<S>, from: S, to: S): boolean =>
  from === to || table[from].includes(to)

/** Every status reachable from `initial` by declared moves (the initial ones included). */
export const reachableStatuses = <S extends string>(
  table: Transitions<S>,
  initial: readonly S[],
): ReadonlySet<S> => {
  const seen = new Set<S>(initial)
  const queue = [...initial]
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const target of table[next] ?? []) {
      if (!seen.has(target)) {
        seen.add(target)
        queue.push(target)
      }
    }
  }
  return seen
}

export interface TransitionTableSpec<S extends string> {
  /** Statuses an aggregate can start in. */
  readonly initial: readonly S[]
  /** Statuses that end the aggregate: they must have no exits, and every other status must have one. */
  readonly terminal: readonly S[]
}

/**
 * What is wrong with a status table, as sentences (empty when it is sound):
 * an unreachable status, a move to an undeclared status, a self-move, a
 * terminal status with exits, or a non-terminal status that is a dead end.
 * `src/domain/transitions.test.ts` expects `[]` for every aggregate's table.
 */
export const transitionProblems = <S extends string>(
  table: Transitions<S>,
  spec: TransitionTableSpec<S>,
): string[] => {
  const problems: string[] = []
  const declared = new Set<string>(Object.keys(table))
  const statuses = Object.keys(table) as S[]
  for (const s of [...spec.initial, ...spec.terminal]) {
    if (!declared.has(s)) problems.push(`'${s}' is named in the spec but not declared in the table`)
  }
  for (const from of statuses) {
    for (const to of table[from]) {
      if (!declared.has(to)) problems.push(`'${from}' → '${to}': target is not a declared status`)
      if (to === from) problems.push(`'${from}' → '${from}': staying put is not a move`)
    }
    const terminal = spec.terminal.includes(from)
    if (terminal && table[from].length > 0) problems.push(`'${from}' is terminal but has exits`)
    if (!terminal && table[from].length === 0)
      problems.push(`'${from}' is a dead end but not declared terminal`)
  }
  const reachable = reachableStatuses(table, spec.initial)
  for (const s of statuses) {
    if (!reachable.has(s)) problems.push(`'${s}' is not reachable from ${spec.initial.join(', ')}`)
  }
  return problems
}
