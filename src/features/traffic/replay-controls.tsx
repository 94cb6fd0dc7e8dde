import { useId, useState } from 'react'
import { formatCount } from '../../lib/format.ts'
import type { RecordingInfo } from '../../store/recordings-store.ts'
import { describeSpeed, pauseReplay, replayRecording, resumeReplay, stopReplay } from '../../store/traffic-actions.ts'

const SPEEDS: { value: string; speed: number | null; label: string }[] = [
  { value: '1', speed: 1, label: 'Original timing' },
  { value: '2', speed: 2, label: '2× speed' },
  { value: '10', speed: 10, label: '10× speed' },
  { value: '100', speed: 100, label: '100× speed' },
  { value: 'max', speed: null, label: 'As fast as possible' },
]

const STATE_WORDS = { playing: 'Replaying', paused: 'Paused', done: 'Replay finished', stopped: 'Replay stopped', failed: 'Replay failed' } as const

/** Replay into a new timeline, and, for a replay, its progress with Pause, Resume and Stop. */
export function ReplayControls({ recording }: { recording: RecordingInfo }) {
  const [speed, setSpeed] = useState('10')
  const speedId = useId()
  const replay = recording.replay
  const chosen = SPEEDS.find((s) => s.value === speed) ?? SPEEDS[0]
  return (
    <div className="trf-replay">
      {replay && (
        <div className="trf-replay-status">
          <span role="status">
            {STATE_WORDS[replay.state]} ({describeSpeed(replay.speed)}): {formatCount(replay.played)} of {formatCount(replay.total)} frames
            {replay.error ? ` — ${replay.error}` : ''}
          </span>
          {replay.state === 'playing' && (
            <button type="button" onClick={() => pauseReplay(recording.id)}>
              Pause
            </button>
          )}
          {replay.state === 'paused' && (
            <button type="button" onClick={() => resumeReplay(recording.id)}>
              Resume
            </button>
          )}
          {(replay.state === 'playing' || replay.state === 'paused') && (
            <button type="button" onClick={() => stopReplay(recording.id)}>
              Stop
            </button>
          )}
        </div>
      )}
      {!replay && (
        <div className="trf-replay-start">
          <label htmlFor={speedId}>Replay at</label>
          <select id={speedId} value={speed} onChange={(event) => setSpeed(event.target.value)}>
            {SPEEDS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
          <button type="button" onClick={() => replayRecording(recording.id, chosen ? chosen.speed : 1)} disabled={recording.frames === 0}>
            Replay into a new timeline
          </button>
        </div>
      )}
    </div>
  )
}
