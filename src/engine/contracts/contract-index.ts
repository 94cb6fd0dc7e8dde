import type { Frame } from '../frame.ts'
import type { FrameLog } from '../frame-log.ts'
import type { FrameChecker, FrameIssue } from './frame-check.ts'

/** How a connection's frames fare against its schemas, for the statistics. */
export type ContractStats = {
  /** Retained frames that match none of the schemas. */
  readonly invalid: number
  /** False while older frames are still being checked: the count is not final yet. */
  readonly complete: boolean
}

export type ContractIndex = {
  /** Checks frames appended since the last call, within `budgetMs`; true while frames remain. */
  sync(budgetMs?: number): boolean
  /** The issue of the frame at `seq` (the frame itself is passed for frames not checked yet). */
  issueAt(seq: number, frame: Frame): FrameIssue | null
  /** Null when the connection has no schemas. */
  stats(): ContractStats | null
}

const CHECK_CLOCK_EVERY = 256

/**
 * Checks one connection's frames against its schemas next to the log, incrementally like the pair
 * index: each sync looks only at frames appended since the previous one, so a live connection
 * costs O(new frames), and it runs when a view reads a window, never on ingest. Only invalid
 * frames are remembered (by seq); entries leave with the frames retention drops. Starts over when
 * the log, a clear or the schemas change.
 */
export function createContractIndex(getLog: () => FrameLog, getChecker: () => FrameChecker | null): ContractIndex {
  let log = getLog()
  let checker = getChecker()
  let clears = log.clears()
  let scanned = 0
  let invalid = new Map<number, FrameIssue>()

  const current = () => {
    const nextLog = getLog()
    const nextChecker = getChecker()
    if (nextLog !== log || nextChecker !== checker || nextLog.clears() !== clears) {
      log = nextLog
      checker = nextChecker
      clears = log.clears()
      scanned = 0
      invalid = new Map()
    }
  }

  return {
    sync(budgetMs = 8) {
      current()
      if (!checker) return false
      const dropped = log.dropped()
      // Seqs only grow, and the map keeps insertion order: the oldest entries are first.
      for (const seq of invalid.keys()) {
        if (seq >= dropped) break
        invalid.delete(seq)
      }
      const total = dropped + log.length()
      let seq = Math.max(scanned, dropped)
      const began = performance.now()
      for (let examined = 0; seq < total; seq++, examined++) {
        if (examined > 0 && examined % CHECK_CLOCK_EVERY === 0 && performance.now() - began > budgetMs) break
        const frame = log.at(seq - dropped)
        if (!frame || frame.kind !== 'message') continue
        const issue = checker(frame)
        if (issue) invalid.set(seq, issue)
      }
      scanned = seq
      return scanned < total
    },
    issueAt(seq, frame) {
      if (!checker) return null
      if (seq < scanned) return invalid.get(seq) ?? null
      return checker(frame)
    },
    stats() {
      current()
      if (!checker) return null
      return { invalid: invalid.size, complete: scanned >= log.dropped() + log.length() }
    },
  }
}

/** One line for a row: `chat.message · author.id: must match pattern "^u_"` (here, not in frame-check.ts, so the page never loads the validator). */
export function describeIssue(issue: FrameIssue): string {
  const where = issue.path === '' ? '' : `${issue.path}: `
  return issue.schema === null ? issue.message : `${issue.schema} · ${where}${issue.message}`
}
