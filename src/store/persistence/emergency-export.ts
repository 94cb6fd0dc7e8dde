import { prepareWorkspaceExport } from '../../workspace/workspace-file.ts'
import type { WorkspaceState } from '../workspace-state.ts'

export type ExportFile = { fileName: string; text: string }

/**
 * "Export now" when storage fails: every workspace in memory as a regular workspace file, so the
 * import dialog can bring it back. Secrets are kept (not redacted): this is the user's own rescue
 * copy, and a copy without the tokens in its URLs would not be the work they are trying to save.
 * Sent history is not part of the file format and is not included.
 */
export function prepareEmergencyExport(state: Pick<WorkspaceState, 'workspaces'>, exportedAt = new Date()): ExportFile[] {
  const used = new Set<string>()
  return state.workspaces.map((workspace) => {
    const prepared = prepareWorkspaceExport(workspace, { redact: false, exportedAt })
    return { fileName: uniqueName(prepared.fileName, used), text: prepared.text }
  })
}

function uniqueName(fileName: string, used: Set<string>): string {
  let candidate = fileName
  for (let n = 2; used.has(candidate); n++) candidate = fileName.replace(/\.frameline\.json$/, ` (${n}).frameline.json`)
  used.add(candidate)
  return candidate
}

/** A backup record downloads as it was stored, byte for byte. */
export function backupFileName(createdAt: number, kind: string): string {
  return `frameline-${kind}-backup-${new Date(createdAt).toISOString().replace(/[:.]/g, '-')}.json`
}
