import type { ScenarioReport, StepReport } from '../../engine/scenario/report.ts'
import { describeFrame } from './junit.ts'

/**
 * What a person watching the run reads. Plain ASCII without colours when CI is set or the output
 * is not a terminal (CI logs and files show escape codes as garbage); symbols and colours otherwise.
 */
export type ProgressStyle = { color: boolean; unicode: boolean }

export function progressStyle(env: Record<string, string | undefined>, isTTY: boolean): ProgressStyle {
  const plain = Boolean(env.CI) || !isTTY || env.NO_COLOR !== undefined
  return { color: !plain, unicode: !plain }
}

export function createProgressPrinter(write: (line: string) => void, style: ProgressStyle) {
  const paint = (code: string, text: string) => (style.color ? `\u001b[${code}m${text}\u001b[0m` : text)
  const mark = (step: StepReport) => {
    switch (step.status) {
      case 'passed':
        return paint('32', style.unicode ? '✓' : 'PASS')
      case 'failed':
        return paint('31', style.unicode ? '✗' : 'FAIL')
      case 'skipped':
        return paint('90', style.unicode ? '-' : 'SKIP')
      default:
        return step.status
    }
  }
  const printed = new Set<number>()
  return {
    scenarioStarted(name: string) {
      printed.clear()
      write(`${style.unicode ? '▶' : '>>'} ${name}`)
    },
    /** Called on every progress report: prints each step once, when it has finished. */
    update(report: ScenarioReport) {
      for (const step of report.steps) {
        if (printed.has(step.index) || step.status === 'pending' || step.status === 'running') continue
        printed.add(step.index)
        const time = step.durationMs === undefined ? '' : paint('90', ` (${step.durationMs} ms)`)
        write(`  ${mark(step)} ${step.label}${time}${step.message && step.status !== 'skipped' ? ` — ${step.message}` : ''}`)
        if (step.status === 'failed') for (const frame of step.frames ?? []) write(`      ${describeFrame(frame)}`)
      }
    },
    scenarioFinished(report: ScenarioReport) {
      const status = report.status === 'passed' ? paint('32', 'passed') : paint('31', 'failed')
      write(`  ${report.name}: ${status} in ${report.durationMs} ms`)
    },
  }
}
