import type { ScenarioStep } from './model.ts'

/** One frame near a step, as a report shows it: never the whole payload, and why it did not match. */
export type FrameNote = {
  at: number
  connection: string
  direction: 'in' | 'out' | 'system'
  kind: string
  preview: string
  /** Why the step's matcher refused it (absent for frames that matched or were not tested). */
  reason?: string
  matched?: boolean
}

export type StepStatus = 'pending' | 'running' | 'passed' | 'failed' | 'skipped'

export type StepReport = {
  index: number
  type: ScenarioStep['type']
  /** The step in words: "expect a received message where $.type = "pong" within 2000 ms". */
  label: string
  status: StepStatus
  /** Milliseconds since the epoch. */
  startedAt?: number
  durationMs?: number
  /** What happened, in words: the failure's cause, or "3 of at least 1 matched". */
  message?: string
  /** Frames around a failure (and the matched frame of a passed expectation). */
  frames?: FrameNote[]
}

/** Why a scenario failed, for the runner's exit code: 3 for `connect`, 1 otherwise. */
export type FailureKind = 'expectation' | 'connect' | 'step' | 'timeout' | 'cancelled'

export type ScenarioReport = {
  id: string
  name: string
  status: 'running' | 'passed' | 'failed'
  failure?: { kind: FailureKind; step: number; message: string }
  startedAt: number
  durationMs: number
  steps: StepReport[]
  /** Values captured by capture steps, by variable name (masked by the caller where secret). */
  captured: Record<string, string>
}
