import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { presetNames, presets } from '../src/policy/presets.ts'

/** One value of a vocabulary and what it means, as its JSDoc says. */
export interface Term {
  readonly code: string
  readonly meaning: string
}

const sourceFile = (relative: string): string =>
  fileURLToPath(new URL(`../${relative}`, import.meta.url))

/**
 * The members of an `as const` object (`export const CaseReason = { … } as
 * const`) in declaration order, each with its JSDoc: the vocabulary as the
 * code declares it, read without running the type checker.
 */
export const readVocabulary = (relative: string, name: string): Term[] => {
  const file = sourceFile(relative)
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true)
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name) || declaration.name.text !== name) continue
      let value = declaration.initializer
      while (value && (ts.isAsExpression(value) || ts.isSatisfiesExpression(value)))
        value = value.expression
      if (!value || !ts.isObjectLiteralExpression(value)) break
      return value.properties.map((property) => {
        if (!property.name || !ts.isIdentifier(property.name))
          throw new Error(`${relative}: a member of ${name} is not a plain name`)
        const meaning = ts
          .getJSDocCommentsAndTags(property)
          .filter(ts.isJSDoc)
          .map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? '')
          .join(' ')
          .replace(/\s+/g, ' ')
          .trim()
        if (!meaning) throw new Error(`${relative}: ${name}.${property.name.text} has no JSDoc`)
        return { code: property.name.text, meaning }
      })
    }
  }
  throw new Error(`${relative} declares no object ${name}`)
}

const cell = (text: string): string => text.replaceAll('|', '\\|')

const table = (header: readonly string[], rows: readonly (readonly string[])[]): string =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n')

/** The presets whose case policy lists the reason in a knob, or "every preset". */
const presetsListing = (knob: 'coveredReasons' | 'remorseReasons', reason: string): string => {
  const listing = presetNames.filter((p) => presets[p].cases[knob].some((r) => r === reason))
  return listing.length === presetNames.length ? 'every preset' : listing.join(', ') || '—'
}

/** Case reasons with what they mean, and which presets cover them and count them as buyer's remorse. */
export const renderCaseReasons = (): string =>
  table(
    ['reason', 'meaning', 'covered by', "buyer's remorse in"],
    readVocabulary('src/policy/vocabulary.ts', 'CaseReason').map(({ code, meaning }) => [
      `\`${code}\``,
      meaning,
      presetsListing('coveredReasons', code),
      presetsListing('remorseReasons', code),
    ]),
  )

/** Cancellation reasons, each with the one side that may give it. */
export const renderCancelReasons = (): string =>
  table(
    ['reason', 'given by', 'meaning'],
    (['Buyer', 'Seller'] as const).flatMap((side) =>
      readVocabulary('src/policy/vocabulary.ts', `${side}CancelReason`).map(({ code, meaning }) => [
        `\`${code}\``,
        side.toLowerCase(),
        meaning,
      ]),
    ),
  )

/** A vocabulary of the case aggregate as a two-column table. */
export const renderCaseVocabulary = (name: 'DesiredOutcome' | 'DecisionOutcome'): string =>
  table(
    ['value', 'meaning'],
    readVocabulary('src/domain/case/vocabulary.ts', name).map(({ code, meaning }) => [
      `\`${code}\``,
      meaning,
    ]),
  )
