import type { ConnectionConfig, ConnectionRuntime } from '../runtime/connection-runtime.ts'
import type { ScenarioReport } from '../scenario/report.ts'
import { runScenario, type ScenarioClock, type ScenarioContext } from '../scenario/run-scenario.ts'
import { createRuntimeScenarioContext } from '../scenario/runtime-context.ts'
import type { HostEvent } from './protocol.ts'
import type { ScenarioRunId, ScenarioRunRequest } from './scenario-protocol.ts'

/** Progress no flush of the runtime carried goes out after at most this long (a wait step moves no frames). */
export const SCENARIO_PROGRESS_MS = 50

const realClock: ScenarioClock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const timer = setTimeout(fn, ms)
    return () => clearTimeout(timer)
  },
}

export type ScenarioRuns = {
  run(id: ScenarioRunId, request: ScenarioRunRequest): void
  cancel(id: ScenarioRunId): void
  dispose(): void
}

/**
 * The server side of scenario runs: each run gets a context over the shared runtime (so its
 * traffic shows in the connections' own timelines) and an AbortController. Reports are many
 * and small; only the latest per run is kept, and they leave in one message per runtime flush
 * (or per SCENARIO_PROGRESS_MS when nothing else moves), never one per frame.
 */
export function createScenarioRuns(runtime: ConnectionRuntime, post: (event: HostEvent) => void): ScenarioRuns {
  const controllers = new Map<ScenarioRunId, AbortController>()
  const pending = new Map<ScenarioRunId, ScenarioReport>()
  let timer: ReturnType<typeof setTimeout> | undefined

  const sendPending = () => {
    clearTimeout(timer)
    timer = undefined
    if (pending.size === 0) return
    post({ type: 'scenarioProgress', reports: [...pending] })
    pending.clear()
  }
  // Registered after the server's own listener: the snapshots and windows of a flush reach the
  // page just before the step status they explain.
  const stopChanges = runtime.onChange(sendPending)

  return {
    run(id, request) {
      const controller = new AbortController()
      controllers.set(id, controller)
      // A connect step configures the connection's expanded spec (runtime-context.ts); once the run
      // ends, the templated one the page configured goes back, unless the page configured another since.
      const restore = new Map<string, { original: ConnectionConfig; set: ConnectionConfig | undefined }>()
      const base = createRuntimeScenarioContext(runtime, {
        clock: realClock,
        variables: new Map(request.variables),
        secrets: request.secrets,
        connectionNames: new Map(request.connectionNames),
        savedMessages: new Map(request.savedMessages),
      })
      const context: ScenarioContext = {
        ...base,
        connect(connection, expand) {
          const before = runtime.config(connection)
          const result = base.connect(connection, expand)
          const after = runtime.config(connection)
          const known = restore.get(connection)
          if (known) known.set = after
          else if (before && after !== before) restore.set(connection, { original: before, set: after })
          return result
        },
      }
      const finish = (report: ScenarioReport) => {
        controllers.delete(id)
        pending.delete(id)
        for (const [connection, { original, set }] of restore) if (runtime.config(connection) === set) runtime.configure(connection, original)
        // What the run did reaches the page before its verdict.
        runtime.flush()
        post({ type: 'scenarioDone', run: id, report })
      }
      runScenario(request.scenario, context, {
        signal: controller.signal,
        ...(request.timeoutMs === undefined ? {} : { timeoutMs: request.timeoutMs }),
        onProgress: (report) => {
          pending.set(id, report)
          timer ??= setTimeout(sendPending, SCENARIO_PROGRESS_MS)
        },
      }).then(finish, (thrown: unknown) => {
        // runScenario reports failures itself; a throw is a bug, and the page still gets an end.
        const now = Date.now()
        const message = `The run stopped unexpectedly: ${thrown instanceof Error ? thrown.message : String(thrown)}`
        finish({
          id: request.scenario.id,
          name: request.scenario.name,
          status: 'failed',
          failure: { kind: 'step', step: 0, message },
          startedAt: now,
          durationMs: 0,
          steps: [],
          captured: {},
        })
      })
    },
    cancel(id) {
      controllers.get(id)?.abort()
    },
    dispose() {
      stopChanges()
      clearTimeout(timer)
      for (const controller of controllers.values()) controller.abort()
      controllers.clear()
      pending.clear()
    },
  }
}

export { createScenarioClientPart, type ScenarioRunHandle } from './scenario-client.ts'
