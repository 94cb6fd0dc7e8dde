import type { ScenarioReport } from '../../engine/scenario/report.ts'

export const REPORT_FORMAT = 'frameline.report'
export const REPORT_VERSION = 1

export type RunSummary = { passed: number; failed: number; total: number; exitCode: number; durationMs: number }

/** The machine-readable report: every scenario and step as the run saw them, secrets masked. */
export function jsonReport(file: string, environment: string | null, reports: readonly ScenarioReport[], summary: RunSummary): string {
  return `${JSON.stringify({ format: REPORT_FORMAT, version: REPORT_VERSION, file, environment, summary, scenarios: reports }, null, 2)}\n`
}
