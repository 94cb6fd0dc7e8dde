import { useId } from 'react'
import { chooseSchema, useChosenSchema, useConnectionSchemas } from '../../store/schema-actions.ts'
import type { ConnectionId } from '../../workspace/model.ts'

/**
 * Which of the connection's message schemas the editor checks the draft against (and completes
 * property names and enum values from). Shown only when the connection has schemas.
 */
export function SchemaPicker({ connectionId }: { connectionId: ConnectionId }) {
  const schemas = useConnectionSchemas(connectionId)
  const chosen = useChosenSchema(connectionId)
  const id = useId()
  if (schemas.length === 0) return null
  return (
    <span className="composer-schema">
      <label htmlFor={id}>Message</label>
      <select id={id} value={chosen?.name ?? ''} onChange={(event) => chooseSchema(connectionId, event.target.value === '' ? null : event.target.value)}>
        <option value="">Any (no schema check)</option>
        {schemas.map((schema) => (
          <option key={schema.name} value={schema.name}>
            {schema.name}
          </option>
        ))}
      </select>
    </span>
  )
}

/** What the editor found against the chosen schema (and JSON syntax), in a line under it. */
export function SchemaProblems({ schemaName, problems }: { schemaName: string; problems: readonly string[] }) {
  return (
    <p className={`composer-schema-status${problems.length > 0 ? ' error' : ''}`} role="status">
      {problems.length === 0
        ? `Matches the “${schemaName}” schema.`
        : `${problems.length === 1 ? '1 problem' : `${problems.length} problems`} (checked against the “${schemaName}” schema): ${problems[0]}${problems.length > 1 ? ' …' : ''}`}
    </p>
  )
}
