import { WORKSPACE_FILE_VERSION } from './file-schema.ts'

/**
 * Version history of the workspace file format. Each step turns version N into N+1 and is kept
 * forever, with a fixture under tests/workspace/fixtures/, so a file written by any past
 * Frameline still imports. Steps run on parsed JSON BEFORE validation, so they must tolerate
 * anything: reshape what they recognise and leave the rest for the schema to report.
 *
 * - 0: the pre-release draft of the format (never written by a released build): `protocols` a
 *      comma-separated string, `draft` a plain string, saved messages under `messages` without a
 *      mode.
 * - 1: the current format (docs/workspace-format.md).
 */
type Json = Record<string, unknown>
type Step = (file: Json) => Json

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function guessMode(text: unknown): 'json' | 'text' {
  if (typeof text !== 'string') return 'json'
  try {
    JSON.parse(text)
    return 'json'
  } catch {
    return 'text'
  }
}

function connectionV0ToV1(connection: unknown): unknown {
  if (!isObject(connection)) return connection
  // Spread builds a new object with own data properties only; unsafe keys were refused earlier.
  const { messages, ...rest } = connection
  const next: Json = { ...rest }
  if (typeof rest.protocols === 'string') {
    next.protocols = rest.protocols.split(/[,\s]+/).filter((p) => p !== '')
  }
  if (typeof rest.draft === 'string') next.draft = { text: rest.draft, mode: guessMode(rest.draft) }
  if (Array.isArray(messages) && !('savedMessages' in rest)) {
    next.savedMessages = messages.map((message) =>
      isObject(message) && !('mode' in message) ? { ...message, mode: guessMode(message.text) } : message,
    )
  }
  return next
}

const v0ToV1: Step = (file) => {
  const workspace = file.workspace
  const next: Json = { ...file, version: 1 }
  if (isObject(workspace) && Array.isArray(workspace.connections)) {
    next.workspace = { ...workspace, connections: workspace.connections.map(connectionV0ToV1) }
  }
  return next
}

/** Keyed by the version a step upgrades FROM. */
const STEPS: ReadonlyMap<number, Step> = new Map([[0, v0ToV1]])

export const OLDEST_READABLE_VERSION = 0

export type MigrationResult = { ok: true; file: Json; from: number } | { ok: false; message: string }

/** Runs every step from `version` up to the current one, in order. */
export function migrateWorkspaceFile(file: Json, version: number): MigrationResult {
  let current = file
  for (let from = version; from < WORKSPACE_FILE_VERSION; from++) {
    const step = STEPS.get(from)
    if (!step) {
      return { ok: false, message: `This file uses format version ${version}, which this Frameline cannot read (oldest readable: ${OLDEST_READABLE_VERSION}).` }
    }
    current = step(current)
  }
  return { ok: true, file: current, from: version }
}
