import { readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { WORKSPACE_SCHEMA_PATH } from '../../src/workspace/file-schema.ts'
import { REDACTED } from '../../src/workspace/redact.ts'
import { parseWorkspaceFile, prepareWorkspaceExport, serializeWorkspaceFile } from '../../src/workspace/workspace-file.ts'
import { validateWorkspace } from '../../src/workspace/workspace-schema.ts'
import { validateAgainstSchema } from './mini-json-schema.ts'
import { automationWorkspace, FIXED_DATE, goldenWorkspace, readFixture } from './sample-workspaces.ts'

const schema = JSON.parse(readFileSync(`public/${WORKSPACE_SCHEMA_PATH}`, 'utf8'))
const FIXTURE = 'v1-automation.frameline.json'

if (process.env.WRITE_FIXTURES === '1') {
  writeFileSync(`tests/workspace/fixtures/${FIXTURE}`, serializeWorkspaceFile(automationWorkspace(), { redact: false, exportedAt: FIXED_DATE }))
}

function parsed(text: string) {
  const result = parseWorkspaceFile(text)
  if (!result.ok) throw new Error(`${result.message}\n${result.details.join('\n')}`)
  return result.value
}

describe('workspace files: variables, environments, automation and scenarios', () => {
  it('writes the automation fixture byte for byte and reads it back to the same workspace', () => {
    const text = serializeWorkspaceFile(automationWorkspace(), { redact: false, exportedAt: FIXED_DATE })
    expect(text).toBe(readFixture(FIXTURE))
    expect(parsed(text).workspace).toEqual(automationWorkspace())
    expect(validateAgainstSchema(schema, JSON.parse(text))).toEqual([])
  })

  it('keeps a URL that starts with a {{variable}} (it used to be exported empty)', () => {
    const result = prepareWorkspaceExport(automationWorkspace(), { exportedAt: FIXED_DATE })
    expect(JSON.parse(result.text).workspace.connections[0].url).toBe('{{baseUrl}}/demo/echo')
    expect(result.warnings).toEqual([])
  })

  it('leaves workspaces without automation byte for byte as before', () => {
    expect(serializeWorkspaceFile({ ...goldenWorkspace(), variables: [], scenarios: [] }, { redact: false, exportedAt: FIXED_DATE })).toBe(readFixture('v1-workspace.frameline.json'))
  })

  it('redacts secret variables and credential headers unless secrets are included', () => {
    const redacted = JSON.parse(prepareWorkspaceExport(automationWorkspace(), { exportedAt: FIXED_DATE }).text)
    expect(redacted.redacted).toBe(true)
    expect(redacted.workspace.variables).toEqual([{ name: 'baseUrl', value: 'ws://localhost:5173' }, { name: 'token', value: REDACTED, secret: true }])
    expect(redacted.workspace.environments[0].variables[1]).toEqual({ name: 'token', value: REDACTED, secret: true })
    expect(redacted.workspace.connections[0].headers).toEqual([{ name: 'Authorization', value: REDACTED }, { name: 'X-Trace', value: 'on' }])
    expect(JSON.stringify(redacted)).not.toContain('staging-secret')
    // An import of the redacted file counts the markers the user must fill in again.
    expect(parsed(JSON.stringify(redacted)).redactedMarkers).toBe(3)
  })

  it('refuses scenarios that point nowhere, matchers that do not compile and bad steps, with paths', () => {
    const file = JSON.parse(readFixture(FIXTURE))
    file.workspace.scenarios[0].connection = 'c_gone'
    file.workspace.scenarios[0].steps[1].savedMessageId = 'm_gone'
    file.workspace.scenarios[0].steps[2].match.regex = '('
    file.workspace.connections[0].autoResponders[0].match.json[0].path = '$.a[?(@.x)]'
    const result = parseWorkspaceFile(JSON.stringify(file))
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.details).toEqual([
      expect.stringContaining('workspace.connections[0].autoResponders[0].match: Cannot read the JSON path'),
      'workspace.scenarios[0].connection: no connection with id "c_gone"',
      'workspace.scenarios[0].steps[1].savedMessageId: no saved message "m_gone"',
      expect.stringContaining('workspace.scenarios[0].steps[2].match: Not a regular expression'),
    ])
    const bad = JSON.parse(readFixture(FIXTURE))
    bad.workspace.scenarios[0].steps[0] = { type: 'teleport' }
    bad.workspace.scenarios[0].steps[1] = { type: 'send', savedMessageId: 'm_login', text: 'x' }
    const badResult = parseWorkspaceFile(JSON.stringify(bad))
    expect(badResult.ok).toBe(false)
    if (badResult.ok) return
    expect(badResult.details[0]).toContain('workspace.scenarios[0].steps[0].type: must be a step type')
    expect(badResult.details[1]).toContain('not both')
  })

  it('validates the same fields in storage, including the active environment', () => {
    const workspace = { id: 'w1', ...automationWorkspace(), activeEnvironmentId: 'env_staging' }
    expect(validateWorkspace(workspace)).toMatchObject({ ok: true, value: { activeEnvironmentId: 'env_staging' } })
    expect(validateWorkspace({ ...workspace, activeEnvironmentId: 'env_gone' })).toMatchObject({ ok: false, errors: ['activeEnvironmentId: no environment with id "env_gone"'] })
  })
})

describe('redaction leaves {{variable}} references alone', () => {
  it('in URLs, subprotocols, payload fields and headers', async () => {
    const { redactUrl, redactProtocols, redactPayload } = await import('../../src/workspace/redact.ts')
    expect(redactUrl('wss://h/x?token={{token}}&key=abc').text).toBe(`wss://h/x?token={{token}}&key=${REDACTED}`)
    expect(redactProtocols(['bearer.{{token}}', 'access_token', '{{ token }}']).protocols).toEqual(['bearer.{{token}}', 'access_token', '{{ token }}'])
    expect(redactPayload('{"token":"{{token}}","password":"hunter2"}').text).toBe(`{"token":"{{token}}","password":"${REDACTED}"}`)
  })
})
