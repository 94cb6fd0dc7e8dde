import type { SendableMessage } from '../scenario/run-scenario.ts'
import type { Scenario } from '../scenario/model.ts'

/**
 * What the page sends to run a scenario next to the runtime (in the Worker). Plain data that
 * survives structured cloning: maps travel as entry lists. The page resolves variables (workspace
 * and active environment) and gathers every connection's saved messages, exactly as the headless
 * runner does from the file, so a scenario behaves the same in both.
 */
export type ScenarioRunRequest = {
  scenario: Scenario
  variables: [string, string][]
  /** Values masked in everything the report says. */
  secrets: string[]
  connectionNames: [string, string][]
  savedMessages: [string, SendableMessage][]
  /** A bound on the whole run, on top of each step's own. */
  timeoutMs?: number
}

export type ScenarioRunId = number
