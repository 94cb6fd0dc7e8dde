import type { FrameInput } from '../frame.ts'
import type { ConnectionConfig } from '../runtime/connection-runtime.ts'

/** A recording's runtime settings: a list connection that decodes as its capture negotiated. */
export function recordingConfig(url: string, frames: readonly FrameInput[]): ConnectionConfig {
  const open = frames.find((f) => f.kind === 'open')
  return { spec: { transport: 'list', url, frames: [], protocol: open?.kind === 'open' ? open.protocol : '' }, autoReconnect: false }
}
