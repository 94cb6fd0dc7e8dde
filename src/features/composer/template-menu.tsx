import { useId } from 'react'
import { loadTemplate, PROTOCOL_TEMPLATES } from '../../store/protocol-templates.ts'

/** Protocol messages to start from, loaded into the editor byte-exact (STOMP frames end in NUL). */
export function TemplateMenu({ connectionId }: { connectionId: string }) {
  const id = useId()
  return (
    <>
      <label htmlFor={id} className="visually-hidden">
        Insert a protocol template
      </label>
      <select
        id={id}
        value=""
        onChange={(event) => {
          if (event.target.value) loadTemplate(connectionId, event.target.value)
        }}
      >
        <option value="">Templates…</option>
        {PROTOCOL_TEMPLATES.map((template) => (
          <option key={template.id} value={template.id}>
            {template.label}
          </option>
        ))}
      </select>
    </>
  )
}
