import type { ScenarioReport } from '../scenario/report.ts'
import type { HostEvent } from './protocol.ts'
import type { ScenarioRunId, ScenarioRunRequest } from './scenario-protocol.ts'

/*
 * The page's side of scenario runs, apart from the host's (scenario-host.ts): the page only posts
 * commands and waits for reports, so the scenario engine itself never loads on the page.
 */

export type ScenarioRunHandle = {
  /** Settles once with the final report. */
  readonly done: Promise<ScenarioReport>
  cancel(): void
}

/** The client side: run ids, progress listeners, and the promise of each run's final report. */
export function createScenarioClientPart(post: (command: { type: 'runScenario'; run: ScenarioRunId; request: ScenarioRunRequest } | { type: 'cancelScenario'; run: ScenarioRunId }) => void) {
  let next: ScenarioRunId = 0
  const runs = new Map<ScenarioRunId, { progress: (report: ScenarioReport) => void; settle: (report: ScenarioReport) => void }>()
  return {
    runScenario(request: ScenarioRunRequest, onProgress: (report: ScenarioReport) => void): ScenarioRunHandle {
      next += 1
      const run = next
      let settle: (report: ScenarioReport) => void = () => {}
      const done = new Promise<ScenarioReport>((resolve) => {
        settle = resolve
      })
      runs.set(run, { progress: onProgress, settle })
      post({ type: 'runScenario', run, request })
      return {
        done,
        // The run ends through the engine (its steps marked skipped, the report says cancelled), so
        // the final report still comes back through scenarioDone.
        cancel: () => {
          if (runs.has(run)) post({ type: 'cancelScenario', run })
        },
      }
    },
    receive(event: HostEvent): boolean {
      if (event.type === 'scenarioProgress') {
        for (const [run, report] of event.reports) runs.get(run)?.progress(report)
        return true
      }
      if (event.type === 'scenarioDone') {
        const entry = runs.get(event.run)
        runs.delete(event.run)
        entry?.settle(event.report)
        return true
      }
      return false
    },
    dispose(reason: string) {
      const now = Date.now()
      for (const entry of runs.values()) entry.settle({ id: '', name: '', status: 'failed', failure: { kind: 'cancelled', step: 0, message: reason }, startedAt: now, durationMs: 0, steps: [], captured: {} })
      runs.clear()
    },
  }
}
