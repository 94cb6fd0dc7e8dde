import * as v from 'valibot'
import { LIMITS } from './limits.ts'

/** The building blocks every workspace schema is made of (storage, files, automation). */

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: string[] }

/** At most this many field errors are listed; a broken file would otherwise flood the dialog. */
export const MAX_REPORTED_ERRORS = 20

/**
 * v.object alone accepts arrays (typeof [] is 'object'), which would turn `[]` into a confusing
 * list of missing fields; a file author needs to hear "must be an object".
 */
export function objectSchema<const TEntries extends v.ObjectEntries>(entries: TEntries) {
  return v.pipe(
    v.custom<Record<string, unknown>>((input) => typeof input === 'object' && input !== null && !Array.isArray(input), 'must be an object'),
    v.object(entries),
  )
}

export function textSchema(max: number) {
  return v.pipe(v.string('must be text'), v.maxLength(max, `must be at most ${max} characters`))
}

export const idSchema = v.pipe(
  v.string('must be text'),
  v.minLength(1, 'must not be empty'),
  v.maxLength(LIMITS.idChars, `must be at most ${LIMITS.idChars} characters`),
  v.regex(/^[\x21-\x7e]*$/, 'must be visible ASCII characters without spaces'),
)

export const nameSchema = textSchema(LIMITS.nameChars)
export const payloadTextSchema = textSchema(LIMITS.payloadChars)

export const payloadModeSchema = v.picklist(['json', 'text', 'binary'], 'must be "json", "text" or "binary"')

export function wholeNumber(min: number, max: number) {
  return v.pipe(
    v.number('must be a number'),
    v.integer('must be a whole number'),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  )
}

