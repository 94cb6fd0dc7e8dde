import { lazy, Suspense } from 'react'

// The detail pane's pin and note controls load with their own chunk, after a frame is selected.
const FrameAnnotations = lazy(() => import('./frame-annotations.tsx').then((module) => ({ default: module.FrameAnnotations })))

type LazyFrameAnnotationsProps = { connectionId: string; seq: number; pinned: boolean; note: string }

export function LazyFrameAnnotations(props: LazyFrameAnnotationsProps) {
  return (
    <Suspense fallback={null}>
      <FrameAnnotations {...props} />
    </Suspense>
  )
}
