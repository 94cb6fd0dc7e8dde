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
