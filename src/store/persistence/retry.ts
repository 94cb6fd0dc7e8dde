import { get } from 'idb-keyval'
import { describeError } from '../../lib/describe-error.ts'
import { refreshBackups } from './backups.ts'
import { reopenIdb } from './browser-storage.ts'
import { withTimeout } from './idb-store.ts'
import { enqueue, markUnavailable, setProblem, type PersistenceState } from './persistence-state.ts'
import { retryPendingQuarantine } from './quarantine.ts'
import { MAIN_RECORD_KEY } from './stored-record.ts'
import { readNow } from './tab-sync.ts'
import { writeNow } from './write.ts'

/**
 * The banner's Retry: reopen storage if needed, back up a record whose backup failed, adopt what
 * other tabs stored, write. A tab in read-only mode (a newer build's record) only reads: it must
 * never overwrite that record.
 */
export function retry(s: PersistenceState): Promise<void> {
  return enqueue(s, async () => {
    if (!s.hydrated) return
    if (s.writeBlock === 'newer-version') {
      await readNow(s)
      return
    }
    if (s.writeBlock === 'unavailable' || !s.idb) {
      const store = reopenIdb(s)
      if (!store) {
        markUnavailable(s, 'This browser still does not let the page use IndexedDB.')
        return
      }
      try {
        await withTimeout(get(MAIN_RECORD_KEY, store), s.config.readTimeoutMs, 'Browser storage (IndexedDB)')
      } catch (thrown) {
        markUnavailable(s, `Browser storage still cannot be opened: ${describeError(thrown)}.`)
        return
      }
    }
    s.writeBlock = 'none'
    setProblem(s, null)
    await retryPendingQuarantine(s)
    if (s.writeBlock !== 'none') return
    await refreshBackups(s)
    await readNow(s)
    s.write.lastFailed = false
    await writeNow(s)
  })
}
