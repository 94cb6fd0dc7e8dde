import { readdirSync, readFileSync } from 'node:fs'

function cpuTimes(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
    const fields = line.trim().split(/\s+/).slice(1).map(Number)
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0)
    const total = fields.reduce((sum, v) => sum + v, 0)
    return { busy: total - idle, total }
  } catch {
    return null
  }
}

/** Share of all cores busy over `ms` (Linux /proc/stat), or null where that is unknown. */
export async function cpuBusy(ms: number): Promise<number | null> {
  const before = cpuTimes()
  await new Promise((resolve) => setTimeout(resolve, ms))
  const after = cpuTimes()
  if (!before || !after || after.total === before.total) return null
  return (after.busy - before.busy) / (after.total - before.total)
}

/**
 * Waits (bounded) until the machine is mostly idle before a timed run: on a shared 2-core machine
 * a test suite started by someone else halves what a run measures. Returns the busy share seen
 * last, which goes into the results so a noisy run can be recognised.
 */
export async function waitForQuietCpu(maxWaitMs: number, threshold = 0.2): Promise<number | null> {
  const deadline = performance.now() + maxWaitMs
  let busy = await cpuBusy(500)
  while (busy !== null && busy > threshold && performance.now() < deadline) busy = await cpuBusy(1000)
  return busy
}

/** utime + stime (clock ticks) of this process and every descendant alive now. */
function ourTicks(): number | null {
  try {
    const parentOf = new Map<number, number>()
    const ticksOf = new Map<number, number>()
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
        // Fields after the parenthesised command name, which may itself contain spaces.
        const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        parentOf.set(Number(entry), Number(rest[1]))
        ticksOf.set(Number(entry), Number(rest[11]) + Number(rest[12]))
      } catch {
        // The process ended while we looked.
      }
    }
    const ours = new Set([process.pid])
    let grew = true
    while (grew) {
      grew = false
      for (const [pid, parent] of parentOf) {
        if (!ours.has(pid) && ours.has(parent)) {
          ours.add(pid)
          grew = true
        }
      }
    }
    let ticks = 0
    for (const pid of ours) ticks += ticksOf.get(pid) ?? 0
    return ticks
  } catch {
    return null
  }
}

export type CpuShare = {
  /** Share of the whole machine used by processes that are not the bench's (other test runs...). */
  others: number
  /** Share used by the bench: this process, the flood server and Chromium. */
  ours: number
}

/**
 * Starts watching who uses the CPU; `stop()` says what share of the machine went to the bench's
 * own process tree and what to everything else, so a run disturbed by another job is visible.
 * (A child that exits before stop() loses its ticks; the bench keeps its processes alive across a run.)
 */
export function watchCpu(): { stop(): CpuShare | null } {
  const before = cpuTimes()
  const oursBefore = ourTicks()
  return {
    stop() {
      const after = cpuTimes()
      const oursAfter = ourTicks()
      if (!before || !after || oursBefore === null || oursAfter === null || after.total === before.total) return null
      // /proc/stat and /proc/<pid>/stat both count in USER_HZ ticks.
      const total = after.total - before.total
      const busy = after.busy - before.busy
      const ours = Math.max(0, oursAfter - oursBefore)
      return { ours: ours / total, others: Math.max(0, busy - ours) / total }
    },
  }
}
