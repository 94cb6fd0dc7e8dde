import { describeMatcher } from '../match/matcher.ts'
import type { ExpectTimes, ScenarioStep } from './model.ts'

/** A step in words, for live status, reports and JUnit test case names. */
export function describeStep(step: ScenarioStep, connectionName: (id: string | undefined) => string): string {
  const on = (id: string | undefined) => ` on ${connectionName(id)}`
  switch (step.type) {
    case 'connect':
      return `connect${on(step.connection)}`
    case 'send':
      return 'savedMessageId' in step ? `send saved message ${step.savedMessageId}${on(step.connection)}` : `send ${preview(step.text)}${on(step.connection)}`
    case 'wait':
      return `wait ${step.ms} ms`
    case 'expect':
      return step.name ?? `expect ${timesWords(step.times)}${describeMatcher(step.match)} within ${step.withinMs} ms${on(step.connection)}`
    case 'capture':
      return `capture ${step.path ?? step.regex ?? ''} into {{${step.variable}}}`
    case 'expectClose':
      return `expect close${step.code === undefined ? '' : ` with code ${step.code}`} within ${step.withinMs} ms${on(step.connection)}`
    case 'close':
      return `close${step.code === undefined ? '' : ` with code ${step.code}`}${on(step.connection)}`
  }
}

function timesWords(times: ExpectTimes | undefined): string {
  if (!times) return ''
  if (times.mode === 'none') return 'no '
  return times.mode === 'exactly' ? `exactly ${times.count}× ` : times.count === 1 ? '' : `at least ${times.count}× `
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ')
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat
}
