import type { SendMode } from '../automation/model.ts'
import type { Capture } from '../match/capture.ts'
import type { Matcher } from '../match/matcher.ts'

/**
 * A scenario: named steps run against one or more saved connections, the same in the browser and in
 * the headless runner. Plain data kept in the workspace file. A step's `connection` is a connection
 * id; absent means the scenario's own `connection`.
 */

/** How often an expectation must match within its window. */
export type ExpectTimes = { mode: 'atLeast' | 'exactly'; count: number } | { mode: 'none' }

export type ScenarioStep =
  | { type: 'connect'; connection?: string; timeoutMs?: number }
  | ({ type: 'send'; connection?: string } & ({ savedMessageId: string } | { text: string; mode: SendMode }))
  | { type: 'wait'; ms: number }
  | {
      type: 'expect'
      connection?: string
      /** A name for the report; the matcher in words when absent. */
      name?: string
      match: Matcher
      /** Frames are looked for from the previous step's end for this long. */
      withinMs: number
      /** Default: at least once. */
      times?: ExpectTimes
    }
  | ({ type: 'capture' } & Capture)
  | { type: 'expectClose'; connection?: string; code?: number; withinMs: number }
  | { type: 'close'; connection?: string; code?: number; reason?: string }

export type ScenarioStepType = ScenarioStep['type']

export const SCENARIO_STEP_TYPES: readonly ScenarioStepType[] = ['connect', 'send', 'wait', 'expect', 'capture', 'expectClose', 'close']

export type Scenario = {
  id: string
  name: string
  /** The connection steps use unless they name another. */
  connection: string
  steps: ScenarioStep[]
}

/** Every wait is bounded: a run can never hang. */
export const MAX_STEP_WAIT_MS = 10 * 60_000
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000
