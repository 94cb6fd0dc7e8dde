import { useState } from 'react'
import { deleteFilterPreset, presetProblem, renameFilterPreset, saveFilterPreset, useFilterPresets, type FilterPreset } from '../../store/filter-presets.ts'
import type { SavedFilter } from '../../store/timeline-filter.ts'
import { describeFilter } from './describe-filter.ts'

type FilterPresetsPanelProps = {
  current: SavedFilter
  onApply: (filter: SavedFilter) => void
}

/** The presets manager (lazily loaded): save the current filter under a name; apply, rename or delete one. */
export default function FilterPresetsPanel({ current, onApply }: FilterPresetsPanelProps) {
  const presets = useFilterPresets()
  const [name, setName] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [saved, setSaved] = useState<string | null>(null)
  const empty = Object.keys(current).length === 0

  const save = () => {
    const result = saveFilterPreset(name, current)
    if (!result.ok) {
      setError(result.error)
      return
    }
    setError(null)
    setName('')
    setSaved(`Saved “${result.preset.name}”.`)
  }

  return (
    <>
      <h3>Filter presets</h3>
      <form
        className="tl-preset-save"
        onSubmit={(event) => {
          event.preventDefault()
          save()
        }}
      >
        <label>
          Save filter as…
          <input
            type="text"
            value={name}
            maxLength={200}
            placeholder="Preset name"
            aria-invalid={error !== null}
            aria-describedby={error ? 'tl-preset-error' : undefined}
            onChange={(event) => {
              setName(event.target.value)
              setError(null)
            }}
          />
        </label>
        <button type="submit" disabled={empty} title={empty ? 'Set a filter first: there is nothing to save' : undefined}>
          Save
        </button>
      </form>
      {error && (
        <p id="tl-preset-error" className="field-error" role="alert">
          {error}
        </p>
      )}
      <p className="visually-hidden" role="status">
        {saved ?? ''}
      </p>
      {presets.length === 0 ? (
        <p className="muted">No presets yet.</p>
      ) : (
        <ul className="tl-preset-list" aria-label="Saved filters">
          {presets.map((preset) => (
            <PresetItem key={preset.id} preset={preset} onApply={onApply} />
          ))}
        </ul>
      )}
    </>
  )
}

function PresetItem({ preset, onApply }: { preset: FilterPreset; onApply: (filter: SavedFilter) => void }) {
  const [renaming, setRenaming] = useState(false)
  const [name, setName] = useState(preset.name)
  const [error, setError] = useState<string | null>(null)
  const problem = presetProblem(preset.filter)
  const errorId = `tl-preset-${preset.id}-error`

  if (renaming) {
    return (
      <li className="tl-preset">
        <form
          onSubmit={(event) => {
            event.preventDefault()
            const result = renameFilterPreset(preset.id, name)
            if (!result.ok) setError(result.error)
            else setRenaming(false)
          }}
        >
          <label>
            New name for “{preset.name}”
            <input type="text" value={name} maxLength={200} aria-invalid={error !== null} aria-describedby={error ? errorId : undefined} onChange={(event) => setName(event.target.value)} />
          </label>
          <button type="submit">Rename</button>
          <button type="button" onClick={() => setRenaming(false)}>
            Cancel
          </button>
          {error && (
            <span id={errorId} className="field-error" role="alert">
              {error}
            </span>
          )}
        </form>
      </li>
    )
  }

  return (
    <li className="tl-preset">
      <span className="tl-preset-name">{preset.name}</span>
      <span className="tl-preset-summary muted mono">{describeFilter(preset.filter)}</span>
      {problem && (
        <span className="field-error" id={errorId}>
          ⚠ {problem} It matches nothing until fixed.
        </span>
      )}
      <span className="tl-preset-actions">
        <button type="button" aria-label={`Apply preset ${preset.name}`} aria-describedby={problem ? errorId : undefined} onClick={() => onApply(preset.filter)}>
          Apply
        </button>
        <button
          type="button"
          aria-label={`Rename preset ${preset.name}`}
          onClick={() => {
            setName(preset.name)
            setError(null)
            setRenaming(true)
          }}
        >
          Rename
        </button>
        <button type="button" aria-label={`Delete preset ${preset.name}`} onClick={() => deleteFilterPreset(preset.id)}>
          Delete
        </button>
      </span>
    </li>
  )
}
