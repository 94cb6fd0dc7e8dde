import { Validator, type OutputUnit } from '@cfworker/json-schema'
import { isBinaryPayload, type Frame } from '../frame.ts'
import { summariseSchemaErrors } from './schema-errors.ts'

/** A message schema as the runtime gets it from a connection's settings. */
export type ContractSchema = { readonly name: string; readonly schema: unknown }

/** Why a frame matches none of its connection's schemas: the closest schema and its first error. */
export type FrameIssue = {
  /** The schema that came closest (fewest errors); null when the frame is not JSON at all. */
  readonly schema: string | null
  /** Where in the payload, e.g. `author.id`; '' for the whole payload. */
  readonly path: string
  readonly message: string
}

/** Checks one frame: null when it matches a schema or is not something schemas describe. */
export type FrameChecker = (frame: Frame) => FrameIssue | null

/** Frames above this size are not checked on the timeline (like rows that do not decode them). */
export const CHECK_LIMIT_BYTES = 256 * 1024

type Compiled = { name: string; quick: Validator | null; detailed: () => Validator | null; broken: string | null }

function compile(schema: ContractSchema): Compiled {
  try {
    // Short-circuit for the common question "does it match?"; the full walk only for frames that do not.
    const quick = new Validator(schema.schema as object, '7', true)
    let detailed: Validator | null = null
    return { name: schema.name, quick, detailed: () => (detailed ??= new Validator(schema.schema as object, '7', false)), broken: null }
  } catch (thrown) {
    return { name: schema.name, quick: null, detailed: () => null, broken: thrown instanceof Error ? thrown.message : String(thrown) }
  }
}

/** The JSON a frame carries: the text of a message, or a Socket.IO event's first argument. */
function jsonTextOf(frame: Frame): string | null {
  if (frame.kind !== 'message' || frame.size > CHECK_LIMIT_BYTES) return null
  if (frame.detail?.transport === 'socket.io') {
    const first = frame.detail.args[0]
    return first?.type === 'json' ? first.json : null
  }
  return isBinaryPayload(frame.payload) ? null : frame.payload
}

/**
 * A checker for a connection's schemas (any of them may match). Validators are built on first
 * use and interpret the schema (no code generation, so the Worker's CSP allows them). Binary
 * frames and connection events are not checked: there is nothing a JSON Schema says about them.
 */
export function createFrameChecker(schemas: readonly ContractSchema[]): FrameChecker | null {
  if (schemas.length === 0) return null
  let compiled: Compiled[] | null = null
  return (frame) => {
    const text = jsonTextOf(frame)
    if (text === null) return null
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (thrown) {
      return { schema: null, path: '', message: `not JSON (${thrown instanceof Error ? thrown.message : String(thrown)})` }
    }
    compiled ??= schemas.map(compile)
    let best: { name: string; count: number; path: string; message: string } | null = null
    for (const entry of compiled) {
      if (!entry.quick) {
        best ??= { name: entry.name, count: Number.MAX_SAFE_INTEGER, path: '', message: `the schema cannot be used: ${entry.broken ?? 'unknown error'}` }
        continue
      }
      let errors: readonly OutputUnit[]
      try {
        if (entry.quick.validate(value).valid) return null
        errors = entry.detailed()?.validate(value).errors ?? []
      } catch (thrown) {
        // A schema whose $ref points nowhere throws only when validation reaches it.
        best ??= { name: entry.name, count: Number.MAX_SAFE_INTEGER, path: '', message: `the schema cannot be used: ${thrown instanceof Error ? thrown.message.split('\n')[0] : String(thrown)}` }
        continue
      }
      const problems = summariseSchemaErrors(errors, Number.MAX_SAFE_INTEGER)
      const first = problems[0]
      if (first && (best === null || problems.length < best.count)) best = { name: entry.name, count: problems.length, path: first.path, message: first.message }
    }
    return best ? { schema: best.name, path: best.path, message: best.message } : null
  }
}
