import { useSessionStore } from '../../store/session-store.ts'

/** Says so when connections could not get their own Worker and share the page's main thread. */
export function RuntimeNotice() {
  const reason = useSessionStore((state) => state.workerFallback)
  if (reason === null) return null
  return (
    <p className="storage-banner" role="status">
      Connections run on the page’s main thread because {reason}. Everything works; under heavy traffic the page may respond more
      slowly.
    </p>
  )
}
