import { fileURLToPath } from 'node:url'
import { format, resolveConfig } from 'prettier'
import ts from 'typescript'
import type { Static } from 'typebox'
import type { KnobCatalog, KnobView } from '../src/http/schemas/policy.ts'

type Knob = Static<typeof KnobView>
type Catalog = Static<typeof KnobCatalog>

const typesFile = fileURLToPath(new URL('../src/policy/types.ts', import.meta.url))

const docOf = (symbol: ts.Symbol, checker: ts.TypeChecker): string =>
  ts
    .displayPartsToString(symbol.getDocumentationComment(checker))
    .replace(/\s*\n\s*/g, ' ')
    .trim()

const defaultOf = (symbol: ts.Symbol): string | null => {
  const tag = symbol.getJsDocTags().find((t) => t.name === 'default')
  return tag?.text ? ts.displayPartsToString(tag.text).trim() : null
}

const RATE = /Rate$|^warnAt$/

/** What editor a knob needs, read from its declared type. */
const kindOf = (
  symbol: ts.Symbol,
  checker: ts.TypeChecker,
): Pick<Knob, 'kind' | 'nullable' | 'choices'> => {
  const name = symbol.name
  const type = checker.getTypeOfSymbol(symbol)
  const parts = type.isUnion() ? type.types : [type]
  const nullable = parts.some((p) => (p.flags & ts.TypeFlags.Null) !== 0)
  const rest = parts.filter((p) => (p.flags & ts.TypeFlags.Null) === 0)
  // The declared type as written (`Duration | null`, `readonly CaseReason[]`): aliases intact.
  const declaration = symbol.valueDeclaration
  const text =
    declaration && ts.isPropertySignature(declaration) && declaration.type
      ? declaration.type.getText()
      : checker.typeToString(type)
  const plain = { nullable, choices: [] as string[] }
  if (rest.every((p) => p.isStringLiteral()) && rest.length > 1)
    return { ...plain, kind: 'choice', choices: rest.map((p) => p.value) }
  if (rest.every((p) => (p.flags & ts.TypeFlags.BooleanLiteral) !== 0))
    return { ...plain, kind: 'boolean' }
  const [only] = rest
  if (!only) throw new Error(`knob ${name} has no type`)
  if (only.flags & ts.TypeFlags.Number)
    return { ...plain, kind: RATE.test(name) ? 'rate' : 'number' }
  if (only.flags & ts.TypeFlags.String) return { ...plain, kind: 'text' }
  if (text.includes('Duration')) return { ...plain, kind: 'duration' }
  if (text.includes('ListingRequirement')) return { ...plain, kind: 'listing_requirements' }
  const literals = (t: ts.Type | undefined): string[] =>
    t?.isUnion()
      ? t.types.flatMap((x) => (x.isStringLiteral() ? [x.value] : []))
      : t?.isStringLiteral()
        ? [t.value]
        : []
  const element = checker.isArrayType(only)
    ? checker.getTypeArguments(only as ts.TypeReference)[0]
    : undefined
  if (text.includes('SellerCancelReason'))
    return { ...plain, kind: 'seller_reasons', choices: literals(element) }
  if (text.includes('CaseReason')) return { ...plain, kind: 'reasons', choices: literals(element) }
  if (name === 'weekend') return { ...plain, kind: 'weekdays' }
  if (name === 'holidays') return { ...plain, kind: 'dates' }
  if (name === 'fundingByFault') {
    const [first] = checker.getPropertiesOfType(only)
    return {
      ...plain,
      kind: 'funding',
      choices: literals(first ? checker.getTypeOfSymbol(first) : undefined),
    }
  }
  if (
    checker
      .getPropertiesOfType(only)
      .every((p) => checker.typeToString(checker.getTypeOfSymbol(p)) === 'boolean')
  )
    return { ...plain, kind: 'flags' }
  throw new Error(`knob ${name}: no editor for type ${text}`)
}

/**
 * Every knob of `Policy`, in declaration order, with its JSDoc as help text
 * and its `@default`: what the admin's policy editor shows beside each field.
 */
export const readKnobCatalog = (): Catalog => {
  const program = ts.createProgram([typesFile], {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    noEmit: true,
  })
  const checker = program.getTypeChecker()
  const source = program.getSourceFile(typesFile)
  if (!source) throw new Error(`cannot read ${typesFile}`)
  const policy = source.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'Policy',
  )
  if (!policy) throw new Error('src/policy/types.ts has no Policy interface')
  const policyType = checker.getTypeAtLocation(policy)
  const sections: Catalog['sections'] = []
  const knobs: Knob[] = []
  for (const section of checker.getPropertiesOfType(policyType)) {
    if (section.name === 'preset') continue
    sections.push({ name: section.name, help: docOf(section, checker) })
    const sectionType = checker.getTypeOfSymbol(section)
    for (const knob of checker.getPropertiesOfType(sectionType)) {
      knobs.push({
        path: `${section.name}.${knob.name}`,
        section: section.name,
        ...kindOf(knob, checker),
        help: docOf(knob, checker),
        default: defaultOf(knob),
      })
    }
  }
  return { sections, knobs }
}

/** Where the catalogue is generated to; `GET /v1/policy/knobs` serves it. */
export const knobModuleFile = fileURLToPath(
  new URL('../src/http/schemas/policy-knobs.ts', import.meta.url),
)

/** The generated module, formatted as the repository's Prettier config says. */
export const renderKnobModule = async (catalog: Catalog): Promise<string> =>
  format(
    [
      '// Generated from the JSDoc in src/policy/types.ts by `npm run docs:generate`; do not edit.',
      "import type { Static } from 'typebox'",
      "import type { KnobCatalog } from './policy.ts'",
      '',
      `export const policyKnobs: Static<typeof KnobCatalog> = ${JSON.stringify(catalog, null, 2)}`,
      '',
    ].join('\n'),
    { ...(await resolveConfig(knobModuleFile)), parser: 'typescript' },
  )

/** One table per section for docs/policy.md: knob, meaning, default. */
export const renderKnobTable = (catalog: Catalog): string =>
  catalog.sections
    .map((s) =>
      [
        `**${s.name}**${s.help ? ` — ${s.help}` : ''}`,
        '',
        '| knob | what it encodes | default |',
        '|---|---|---|',
        ...catalog.knobs
          .filter((k) => k.section === s.name)
          .map(
            (k) =>
              `| \`${k.path}\` | ${k.help.replaceAll('|', '\\|')} | ${(k.default ?? '—').replaceAll('|', '\\|')} |`,
          ),
      ].join('\n'),
    )
    .join('\n\n')
