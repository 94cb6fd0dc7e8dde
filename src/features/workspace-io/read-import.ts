import { describeError } from '../../lib/describe-error.ts'
import { isYamlFileName, looksLikeAsyncApi } from '../../workspace/asyncapi/detect.ts'
import type * as AsyncApiModule from '../../workspace/asyncapi/import-asyncapi.ts'
import { checkFileSize, decodeWorkspaceFile, parseWorkspaceFile, type ParsedWorkspaceFile, type ParseFailure } from '../../workspace/workspace-file.ts'

type AsyncApiImporter = typeof AsyncApiModule

/** What the preview shows: a workspace file, or an AsyncAPI document read as one (with what it says about it). */
export type ImportRead =
  | {
      ok: true
      value: ParsedWorkspaceFile
      /** Set for an AsyncAPI document: "AsyncAPI 2.6.0 · Chat 1.0.0". */
      describedAs?: string
      /** What an AsyncAPI import left out or leaves to the user. */
      notes?: string[]
    }
  | ParseFailure

/** Size first (File.size, nothing read), then bytes, decoding and the full parse. */
export async function readImportFile(file: File): Promise<ImportRead> {
  const tooBig = checkFileSize(file.size)
  if (tooBig) return tooBig
  let bytes: Uint8Array
  try {
    bytes = new Uint8Array(await file.arrayBuffer())
  } catch (thrown) {
    return { ok: false, message: `The file could not be read: ${describeError(thrown)}`, details: [] }
  }
  const decoded = decodeWorkspaceFile(bytes)
  return decoded.ok ? readImportText(decoded.text, file.name) : decoded
}

/**
 * A workspace file, or an AsyncAPI document (YAML or JSON). The AsyncAPI importer, its YAML
 * parser, validator and the official schemas load only now, when a document needs them.
 */
export async function readImportText(text: string, fileName = ''): Promise<ImportRead> {
  if (!looksLikeAsyncApi(text) && !isYamlFileName(fileName)) return parseWorkspaceFile(text)
  let importer: AsyncApiImporter
  try {
    importer = await import('../../workspace/asyncapi/import-asyncapi.ts')
  } catch (thrown) {
    return { ok: false, message: `The AsyncAPI importer could not be loaded (${describeError(thrown)}). Reload the page and try again.`, details: [] }
  }
  const result = await importer.importAsyncApi(text)
  return result.ok ? { ok: true, value: result.value, describedAs: result.describedAs, notes: result.notes } : result
}
