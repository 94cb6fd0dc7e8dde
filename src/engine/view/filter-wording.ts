import type { Direction } from '../frame.ts'
import type { ExclusionRule } from './filter-rules.ts'

/*
 * What exclusion rules say, in words (the timeline's chips and notices): apart from the rules'
 * matching, which runs next to the log in the Worker, so the page carries only the wording.
 */

const DIRECTION_WORDS: Record<Direction, string> = { in: 'received', out: 'sent' }

/** What a rule hides, in words for its chip: `$.type = "tick"`, `"tick" events`, `STOMP MESSAGE frames`. */
export function describeRule(rule: ExclusionRule, codecLabel?: string | null): string {
  switch (rule.kind) {
    case 'event':
      return `event "${rule.name}"`
    case 'decodedType':
      return `${codecLabel ? `${codecLabel} ` : 'decoded as '}${rule.type}`
    case 'field':
      return `${rule.path} = ${JSON.stringify(rule.value)}`
    case 'shape': {
      if (rule.frameKind !== 'message') return `${rule.frameKind} events`
      const who = rule.direction ? `${DIRECTION_WORDS[rule.direction]} ` : ''
      const what = rule.payload ?? 'message'
      if (rule.prefix === '') return `${who}${what} frames`
      return `${who}${what} frames starting with ${rule.payload === 'binary' ? `bytes ${rule.prefix}` : JSON.stringify(rule.prefix)}`
    }
  }
}

/** The sentence the timeline says when a rule is added: `Hiding frames where $.type = "tick"`. */
export function hidingSentence(rule: ExclusionRule, codecLabel?: string | null): string {
  switch (rule.kind) {
    case 'event':
      return `Hiding frames of event "${rule.name}"`
    case 'decodedType':
      return `Hiding frames decoded as ${codecLabel ? `${codecLabel} ` : ''}${rule.type}`
    case 'field':
      return `Hiding frames where ${describeRule(rule)}`
    case 'shape':
      return `Hiding ${describeRule(rule)}`
  }
}

export function sameRule(a: ExclusionRule, b: ExclusionRule): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

