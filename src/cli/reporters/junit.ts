import type { FrameNote, ScenarioReport, StepReport } from '../../engine/scenario/report.ts'
import { escapeXml } from './xml.ts'

/**
 * JUnit XML as CI systems read it (GitHub, GitLab, Jenkins): a testsuite per scenario, a testcase
 * per expectation, and the failure with the frames around it. A step that failed without being an
 * expectation (a refused connection, an unknown variable) is a testcase with an <error>, so no
 * failure is ever invisible in the report.
 */
export function junitReport(reports: readonly ScenarioReport[]): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>']
  const cases = reports.map((report) => testCases(report))
  const total = cases.reduce((sum, list) => sum + list.length, 0)
  const failures = cases.flat().filter((item) => item.kind === 'failure').length
  const errors = cases.flat().filter((item) => item.kind === 'error').length
  const time = seconds(reports.reduce((sum, report) => sum + report.durationMs, 0))
  lines.push(`<testsuites name="frameline" tests="${total}" failures="${failures}" errors="${errors}" time="${time}">`)
  reports.forEach((report, index) => {
    const list = cases[index] ?? []
    const suiteFailures = list.filter((item) => item.kind === 'failure').length
    const suiteErrors = list.filter((item) => item.kind === 'error').length
    const skipped = list.filter((item) => item.kind === 'skipped').length
    lines.push(
      `  <testsuite name="${escapeXml(report.name)}" tests="${list.length}" failures="${suiteFailures}" errors="${suiteErrors}" skipped="${skipped}" time="${seconds(report.durationMs)}" timestamp="${new Date(report.startedAt).toISOString()}">`,
    )
    for (const item of list) lines.push(...item.xml.map((line) => `    ${line}`))
    lines.push('  </testsuite>')
  })
  lines.push('</testsuites>', '')
  return lines.join('\n')
}

type Case = { kind: 'passed' | 'failure' | 'error' | 'skipped'; xml: string[] }

function testCases(report: ScenarioReport): Case[] {
  const cases: Case[] = []
  for (const step of report.steps) {
    const expectation = step.type === 'expect' || step.type === 'expectClose'
    if (!expectation && step.status !== 'failed') continue
    const open = `<testcase classname="${escapeXml(report.name)}" name="${escapeXml(`${step.index + 1}. ${step.label}`)}" time="${seconds(step.durationMs ?? 0)}"`
    if (step.status === 'passed') cases.push({ kind: 'passed', xml: [`${open}/>`] })
    else if (step.status === 'failed') {
      const tag = expectation ? 'failure' : 'error'
      cases.push({
        kind: expectation ? 'failure' : 'error',
        xml: [`${open}>`, `  <${tag} message="${escapeXml(step.message ?? 'failed')}" type="${expectation ? 'ExpectationFailed' : 'StepFailed'}">${escapeXml(failureText(step))}</${tag}>`, '</testcase>'],
      })
    } else cases.push({ kind: 'skipped', xml: [`${open}>`, `  <skipped message="${escapeXml(step.status === 'skipped' ? 'an earlier step failed' : step.status)}"/>`, '</testcase>'] })
  }
  // A scenario without expectations still shows up, as one case for the whole run.
  if (cases.length === 0) {
    const open = `<testcase classname="${escapeXml(report.name)}" name="scenario completes" time="${seconds(report.durationMs)}"`
    cases.push({ kind: 'passed', xml: [`${open}/>`] })
  }
  return cases
}

function failureText(step: StepReport): string {
  const lines = [step.message ?? 'failed']
  if (step.frames && step.frames.length > 0) {
    lines.push('', 'Frames around the failure:')
    for (const frame of step.frames) lines.push(`  ${describeFrame(frame)}`)
  }
  return lines.join('\n')
}

export function describeFrame(frame: FrameNote): string {
  const arrow = frame.direction === 'in' ? '←' : frame.direction === 'out' ? '→' : '·'
  const time = new Date(frame.at).toISOString().slice(11, 23)
  return `${time} ${arrow} ${frame.kind} ${frame.preview}${frame.reason ? `   (no match: ${frame.reason})` : frame.matched ? '   (matched)' : ''}`
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3)
}
