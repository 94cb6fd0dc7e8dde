import { describeError } from '../../lib/describe-error.ts'
import { checkFileSize, decodeWorkspaceFile, parseWorkspaceFile, type ParseResult } from '../../workspace/workspace-file.ts'

/** Size first (File.size, nothing read), then bytes, decoding and the full parse. */
export async function readImportFile(file: File): Promise<ParseResult> {
  const tooBig = checkFileSize(file.size)
  if (tooBig) return tooBig
  let bytes: Uint8Array
  try {
    bytes = new Uint8Array(await file.arrayBuffer())
  } catch (thrown) {
    return { ok: false, message: `The file could not be read: ${describeError(thrown)}`, details: [] }
  }
  const decoded = decodeWorkspaceFile(bytes)
  return decoded.ok ? parseWorkspaceFile(decoded.text) : decoded
}
