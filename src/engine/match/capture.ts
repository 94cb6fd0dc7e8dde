import type { Frame } from '../frame.ts'
import { compileRegex, frameJson } from './matcher.ts'
import { parseJsonPath, selectPath } from './json-path.ts'
import { searchableText } from '../view/frame-summary.ts'

/**
 * Takes one value out of a frame into a variable: by JSON path (the first value it selects; text
 * as is, anything else as JSON) or by regular expression (group 1, or the whole match).
 */
export type Capture = {
  variable: string
  path?: string
  regex?: string
}

export type CaptureResult = { ok: true; value: string } | { ok: false; error: string }

export function captureValue(frame: Frame, capture: Capture): CaptureResult {
  if (capture.path !== undefined && capture.path !== '') {
    const parsed = parseJsonPath(capture.path)
    if (!parsed.ok) return { ok: false, error: parsed.error }
    const document = frameJson(frame)
    if (!document.ok) return { ok: false, error: `Cannot capture ${capture.path}: ${document.reason}.` }
    const [value] = selectPath(document.value, parsed.steps)
    if (value === undefined) return { ok: false, error: `Cannot capture ${capture.path}: the frame has no such field.` }
    return { ok: true, value: typeof value === 'string' ? value : JSON.stringify(value) }
  }
  if (capture.regex !== undefined && capture.regex !== '') {
    const compiled = compileRegex(capture.regex)
    if (!compiled.ok) return { ok: false, error: compiled.error }
    const text = searchableText(frame)
    if (text === null) return { ok: false, error: 'Cannot capture from a binary frame with a regular expression.' }
    const match = compiled.pattern.exec(text)
    if (!match) return { ok: false, error: `Cannot capture: the frame's text does not match ${capture.regex}.` }
    return { ok: true, value: match[1] ?? match[0] }
  }
  return { ok: false, error: `Capture into "${capture.variable}" needs a JSON path or a regular expression.` }
}
