import type { JsonOperator } from '../../engine/match/matcher.ts'
import type { ScenarioStepType } from '../../engine/scenario/model.ts'

export const STEP_TYPE_WORDS: Record<ScenarioStepType, string> = {
  connect: 'Connect',
  send: 'Send',
  wait: 'Wait',
  expect: 'Expect',
  capture: 'Capture',
  expectClose: 'Expect close',
  close: 'Close',
}

/** A whole number of milliseconds (or a close code); empty means "not set" where `optional`. */
export function parseWhole(text: string, optional: boolean): { ok: true; value: number | undefined } | { ok: false; error: string } {
  const trimmed = text.trim()
  if (trimmed === '') return optional ? { ok: true, value: undefined } : { ok: false, error: 'Enter a whole number.' }
  if (!/^\d+$/.test(trimmed)) return { ok: false, error: 'Enter a whole number.' }
  return { ok: true, value: Number.parseInt(trimmed, 10) }
}

/** A predicate's value as typed: JSON where it reads as JSON (7, true, {"a":1}), else plain text. */
export function parsePredicateValue(op: JsonOperator, text: string): unknown {
  if (op === 'contains' || op === 'matches') return text
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

/** The inverse of parsePredicateValue: text that reads back as the same value. */
export function formatPredicateValue(value: unknown): string {
  if (value === undefined) return ''
  if (typeof value === 'string') {
    // "7" (a string) is shown quoted, so it does not read back as the number 7.
    try {
      const read = JSON.parse(value) as unknown
      if (typeof read !== 'string') return JSON.stringify(value)
    } catch {
      /* plain text */
    }
    return value
  }
  return JSON.stringify(value)
}

