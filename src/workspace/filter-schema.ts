import * as v from 'valibot'
import type { FilterPreset, SavedExclusionRule, SavedFilter } from './model.ts'
import { idSchema, nameSchema, objectSchema, textSchema, wholeNumber } from './schema-primitives.ts'

/**
 * Timeline filters as the workspace keeps them: a connection's current filter (storage only) and
 * the workspace's named presets (storage and files). Bounds reject nonsense, not unusual choices.
 * A regular expression that does not compile is kept, not refused: the timeline says why it
 * matches nothing when the filter is applied, and the presets list flags it (nothing is lost).
 */
export const FILTER_LIMITS = {
  presets: 200,
  queryChars: 4096,
  /** Event names, decoded types and exclusion rules of one filter. */
  listItems: 200,
  itemChars: 1024,
  /** "Last N minutes": up to a year. */
  lastMinutes: 525_600,
} as const

const itemText = textSchema(FILTER_LIMITS.itemChars)
const itemList = v.pipe(v.array(itemText, 'must be a list of text'), v.maxLength(FILTER_LIMITS.listItems, `must have at most ${FILTER_LIMITS.listItems} items`))
const timestamp = wholeNumber(0, 8.64e15)

const exclusionRuleSchema = v.variant(
  'kind',
  [
    v.object({ kind: v.literal('event'), name: itemText }),
    v.object({ kind: v.literal('decodedType'), type: itemText }),
    v.object({
      kind: v.literal('field'),
      path: v.pipe(itemText, v.startsWith('$', 'must be a JSON path starting with $')),
      value: v.union([itemText, v.pipe(v.number(), v.finite()), v.boolean()], 'must be text, a number, or true/false'),
    }),
    v.object({
      kind: v.literal('shape'),
      frameKind: v.picklist(['message', 'connecting', 'open', 'error', 'notice', 'close'], 'must be a frame kind'),
      direction: v.optional(v.picklist(['in', 'out'], 'must be "in" or "out"')),
      payload: v.optional(v.picklist(['text', 'binary'], 'must be "text" or "binary"')),
      prefix: itemText,
    }),
  ],
  'must be an "event", "decodedType", "field" or "shape" rule',
)

export const savedFilterSchema = objectSchema({
  direction: v.optional(v.picklist(['all', 'out', 'in', 'events'], 'must be "all", "out", "in" or "events"')),
  query: v.optional(textSchema(FILTER_LIMITS.queryChars)),
  regex: v.optional(v.boolean('must be true or false')),
  matchCase: v.optional(v.boolean('must be true or false')),
  events: v.optional(itemList),
  payload: v.optional(v.picklist(['text', 'binary'], 'must be "text" or "binary"')),
  lastMinutes: v.optional(wholeNumber(1, FILTER_LIMITS.lastMinutes)),
  from: v.optional(timestamp),
  to: v.optional(timestamp),
  decodedTypes: v.optional(itemList),
  exclude: v.optional(v.pipe(v.array(exclusionRuleSchema, 'must be a list of rules'), v.maxLength(FILTER_LIMITS.listItems, `must have at most ${FILTER_LIMITS.listItems} rules`))),
})

export const filterPresetSchema = objectSchema({ id: idSchema, name: v.pipe(nameSchema, v.minLength(1, 'must not be empty')), filter: savedFilterSchema })

export const filterPresetsSchema = v.pipe(
  v.array(filterPresetSchema, 'must be a list of filter presets'),
  v.maxLength(FILTER_LIMITS.presets, `must have at most ${FILTER_LIMITS.presets} filter presets`),
  v.check((presets) => new Set(presets.map((preset) => preset.id)).size === presets.length, 'must not repeat a preset id'),
)

// Compile-time proof that the schemas produce exactly the model types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const schemasMatchModel: [
  Same<v.InferOutput<typeof savedFilterSchema>, SavedFilter>,
  Same<v.InferOutput<typeof exclusionRuleSchema>, SavedExclusionRule>,
  Same<v.InferOutput<typeof filterPresetSchema>, FilterPreset>,
] = [true, true, true]
void schemasMatchModel
