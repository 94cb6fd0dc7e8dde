import { resolveVariables, secretNames } from '../engine/template/variables.ts'
import { CODE_TARGETS, copyAsCode, type CodeResult, type CodeTarget } from '../workspace/exports/copy-as-code.ts'
import { transportKindOf, type Connection, type Workspace } from '../workspace/model.ts'

export { CODE_TARGETS, type CodeTarget }

/** Which message goes into the snippet: the composer's draft, a saved message, or none. */
export type SnippetMessage = { kind: 'draft' } | { kind: 'saved'; id: string } | { kind: 'none' }

export type SnippetRequest = { target: CodeTarget; message: SnippetMessage; variables: 'expand' | 'env'; includeSecrets: boolean }

/** The targets that speak this connection's kind, in menu order. */
export function codeTargetsFor(connection: Connection): typeof CODE_TARGETS {
  const kind = transportKindOf(connection)
  return CODE_TARGETS.filter((target) => target.kinds.includes(kind))
}

/** A snippet for the connection, with the workspace's variables (active environment included). */
export function codeSnippet(workspace: Workspace | undefined, connection: Connection, request: SnippetRequest): CodeResult {
  const sources = { variables: workspace?.variables ?? [], environments: workspace?.environments ?? [], ...(workspace?.activeEnvironmentId ? { activeEnvironmentId: workspace.activeEnvironmentId } : {}) }
  const secrets = secretNames(sources)
  const message =
    request.message.kind === 'draft'
      ? connection.draft
      : request.message.kind === 'saved'
        ? (connection.savedMessages.find((item) => item.id === (request.message as { id: string }).id) ?? null)
        : null
  return copyAsCode(connection, message, request.target, { variables: request.variables, values: resolveVariables(sources), secrets, includeSecrets: request.includeSecrets })
}
