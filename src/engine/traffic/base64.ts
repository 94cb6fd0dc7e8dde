/** Base64 for binary payloads in traffic files; btoa/atob exist in Workers, pages and Node alike. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = ''
  // Chunks keep String.fromCharCode's argument list far below engine limits.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** The bytes, or null when the text is not base64 (whitespace is allowed, as MIME writers wrap lines). */
export function base64ToBytes(base64: string): Uint8Array | null {
  const compact = base64.replace(/\s+/g, '')
  if (compact.length % 4 === 1 || !BASE64.test(compact)) return null
  try {
    const binary = atob(compact)
    const bytes = new Uint8Array(binary.length)
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
    return bytes
  } catch {
    return null
  }
}

export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer)
}
