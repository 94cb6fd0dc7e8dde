import { useId } from 'react'
import { selectRuntime, useSessionStore } from '../../store/session-store.ts'
import { DECODER_CHOICES, detectedCodecLabel, type DecoderChoice } from '../../store/timeline-window.ts'
import { selectRecording, useRecordingsStore } from '../../store/recordings-store.ts'
import { setConnectionDecoder } from '../../store/workspace-actions.ts'
import { selectConnection } from '../../store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import { pairingModeText } from '../../store/pairing.ts'
import { PairingControl } from './pairing-control.tsx'

/**
 * Which protocol the timeline reads this connection's frames as. "Detect" names what it found
 * (from the negotiated subprotocol, then the URL); decoding never changes the stored frames.
 */
export function DecoderMenu({ connectionId }: { connectionId: string }) {
  const id = useId()
  // A workspace connection keeps its choice in the workspace; a recording, on the recording.
  const saved = useWorkspaceStore((state) => selectConnection(state, connectionId))
  const recording = useRecordingsStore((state) => selectRecording(state, connectionId))
  const choice: DecoderChoice = (saved ? saved.decoder : recording?.decoder) ?? 'auto'
  const url = saved?.url ?? recording?.url ?? ''
  const protocol = useSessionStore((state) => selectRuntime(state, connectionId).protocol)
  const detected = detectedCodecLabel(protocol, url)
  return (
    <div className="tl-decoder">
      <label htmlFor={id}>Decode as</label>
      <select
        id={id}
        value={choice}
        onChange={(event) => {
          const next = event.target.value as DecoderChoice
          if (saved) setConnectionDecoder(connectionId, next)
          // A recording's timeline: the traffic actions are loaded already (they opened it).
          else void import('../../store/traffic-actions.ts').then(({ setRecordingDecoder }) => setRecordingDecoder(connectionId, next))
        }}
      >
        {DECODER_CHOICES.map((option) => (
          <option key={option.id} value={option.id}>
            {option.id === 'auto' ? `Detect (${detected ?? 'nothing detected: raw'})` : option.label}
          </option>
        ))}
      </select>
      {/* Pairing paths are kept on workspace connections; a recording pairs by its decoder. */}
      {saved && <PairingControl connectionId={connectionId} modeText={pairingModeText(saved.pairing, choice, protocol, url)} />}
    </div>
  )
}
