import type { Codec } from '../codecs/codec.ts'
import type { Frame } from '../frame.ts'
import type { FrameLog } from '../frame-log.ts'
import { createDecodeCache, ROW_DECODE_LIMIT_BYTES } from './decode-cache.ts'
import { canReply, canRequest, isJson, jsonOf, keyAt, type PairingRule } from './pair-paths.ts'

/** What a frame's row knows about its pair. */
export type PairInfo = {
  /** The other side: the request of a reply, or the first reply of a request. */
  readonly partnerSeq: number | null
  /** For the first reply to a request: how long after the request it came. */
  readonly latencyMs: number | null
}

export type LatencyStats = {
  /** Requests answered. */
  readonly count: number
  readonly p50: number | null
  readonly p95: number | null
  readonly max: number | null
  /** Requests still waiting for a reply. */
  readonly unanswered: number
  /** False while older frames are still being scanned: the numbers are not final yet. */
  readonly complete: boolean
}

/** One second of replies: when (the second's start, ms since the epoch), how many, their p50 and max. */
export type LatencyPoint = { readonly at: number; readonly count: number; readonly p50: number; readonly max: number }

/** Seconds of latency history kept for the chart: at most this many points, whatever the traffic. */
export const LATENCY_SERIES_SECONDS = 300
/** Replies per second whose latencies are kept for the p50; the count and max see all of them. */
const SAMPLES_PER_SECOND = 512

export { EMPTY_LATENCY } from './window-constants.ts'

export type PairIndex = {
  /** Catches up with the log within `budgetMs`; true while frames remain to scan. */
  sync(budgetMs?: number): boolean
  info(seq: number): PairInfo | undefined
  stats(): LatencyStats
  /** Per-second p50/max of replies by the reply's time, oldest first, at most LATENCY_SERIES_SECONDS. */
  series(): LatencyPoint[]
}

const CHECK_CLOCK_EVERY = 256

function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[index] ?? null
}

/**
 * Pairs requests and replies of one connection by the pair keys its codec finds (JSON-RPC id,
 * GraphQL operation id, Socket.IO ack id, SignalR invocation id, STOMP receipt), or, when the user
 * chose JSON paths for the connection (`getRule`), by those alone. Incremental like the frame
 * views: each sync decodes only frames appended since the last one, so it follows a live
 * connection at O(new frames). Starts over when the log, a clear, the codec or the rule changes.
 */
export function createPairIndex(getLog: () => FrameLog, getCodec: () => Codec | null, getRule: () => PairingRule | null = () => null): PairIndex {
  const decode = createDecodeCache()
  let log = getLog()
  let codec = getCodec()
  let rule = getRule()
  let clears = log.clears()
  let scanned = 0
  let open = new Map<string, { seq: number; at: number; answered: boolean }>()
  let infos = new Map<number, PairInfo>()
  let latencies: number[] = []
  let sorted: number[] | null = []
  let unanswered = 0
  // Per second of reply time; insertion order is time order for a live log.
  let seconds = new Map<number, { count: number; max: number; samples: number[] }>()
  const addToSeries = (at: number, latencyMs: number) => {
    const second = Math.floor(at / 1000) * 1000
    let bucket = seconds.get(second)
    if (!bucket) {
      bucket = { count: 0, max: 0, samples: [] }
      seconds.set(second, bucket)
      if (seconds.size > LATENCY_SERIES_SECONDS) {
        const oldest = seconds.keys().next().value
        if (oldest !== undefined) seconds.delete(oldest)
      }
    }
    bucket.count += 1
    bucket.max = Math.max(bucket.max, latencyMs)
    if (bucket.samples.length < SAMPLES_PER_SECOND) bucket.samples.push(latencyMs)
  }

  const startOver = () => {
    seconds = new Map()
    scanned = 0
    open = new Map()
    infos = new Map()
    latencies = []
    sorted = []
    unanswered = 0
    clears = log.clears()
  }

  /** A reply to the open request of `key`: the first one is timed, later ones point back to it. */
  const answer = (key: string, seq: number, at: number): boolean => {
    const request = open.get(key)
    if (!request) return false
    if (request.answered) {
      // Later replies of the same operation (a subscription's next items) point back to it.
      if (!infos.has(seq)) infos.set(seq, { partnerSeq: request.seq, latencyMs: null })
      return true
    }
    request.answered = true
    unanswered -= 1
    const latencyMs = Math.max(0, at - request.at)
    latencies.push(latencyMs)
    addToSeries(at, latencyMs)
    sorted = null
    infos.set(seq, { partnerSeq: request.seq, latencyMs })
    infos.set(request.seq, { partnerSeq: seq, latencyMs: null })
    return true
  }

  const ask = (key: string, seq: number, at: number) => {
    open.set(key, { seq, at, answered: false })
    unanswered += 1
  }

  /** Pairing by the user's paths: JSON text frames only; anything else is skipped, never an error. */
  const pairByPaths = (paths: PairingRule, frame: Frame, seq: number) => {
    if (frame.kind !== 'message') return
    const document = jsonOf(frame)
    if (!isJson(document)) return
    // Keys are kept per side, so in "both directions" a request is answered from the other side only.
    if (canReply(paths, frame.direction)) {
      const key = keyAt(document, paths.reply)
      if (key !== null && answer(`${frame.direction === 'in' ? 'out' : 'in'}:${key}`, seq, frame.at)) return
    }
    if (canRequest(paths, frame.direction)) {
      const key = keyAt(document, paths.request)
      if (key !== null) ask(`${frame.direction}:${key}`, seq, frame.at)
    }
  }

  return {
    sync(budgetMs = 8) {
      const currentLog = getLog()
      const currentCodec = getCodec()
      const currentRule = getRule()
      if (currentLog !== log || currentCodec !== codec || currentRule?.key !== rule?.key || currentLog.clears() !== clears) {
        log = currentLog
        codec = currentCodec
        rule = currentRule
        startOver()
      }
      if (!codec && !rule) return false
      const dropped = log.dropped()
      const total = dropped + log.length()
      let seq = Math.max(scanned, dropped)
      const began = performance.now()
      for (let examined = 0; seq < total; seq++, examined++) {
        if (examined > 0 && examined % CHECK_CLOCK_EVERY === 0 && performance.now() - began > budgetMs) break
        const frame = log.at(seq - dropped)
        if (!frame || frame.kind !== 'message' || frame.size > ROW_DECODE_LIMIT_BYTES) continue
        if (rule) {
          pairByPaths(rule, frame, seq)
          continue
        }
        if (!codec) continue
        const decoding = decode(codec, frame)
        if (!decoding?.ok) continue
        for (const message of decoding.messages) {
          if (!message.pairKey || !message.role) continue
          if (message.role === 'request') ask(message.pairKey, seq, frame.at)
          else answer(message.pairKey, seq, frame.at)
        }
      }
      scanned = seq
      return scanned < total
    },
    info: (seq) => infos.get(seq),
    series() {
      const points: LatencyPoint[] = []
      for (const [at, bucket] of seconds) {
        const samples = [...bucket.samples].sort((a, b) => a - b)
        points.push({ at, count: bucket.count, p50: percentile(samples, 50) ?? 0, max: bucket.max })
      }
      return points.sort((a, b) => a.at - b.at)
    },
    stats() {
      sorted ??= [...latencies].sort((a, b) => a - b)
      return {
        count: sorted.length,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        max: sorted.length ? (sorted[sorted.length - 1] ?? null) : null,
        unanswered,
        complete: scanned >= log.dropped() + log.length(),
      }
    },
  }
}
