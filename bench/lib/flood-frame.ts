const padCache = new Map<number, string>()

/**
 * One flood frame: a JSON object of exactly `size` bytes (ASCII, so bytes = characters), so payload
 * bytes are known exactly when heap per frame is computed.
 */
export function floodFrame(seq: number, of: number, size: number): string {
  const head = `{"type":"flood","seq":${seq},"of":${of},"pad":"`
  const padLength = Math.max(0, size - head.length - 2)
  let pad = padCache.get(padLength)
  if (pad === undefined) {
    pad = 'x'.repeat(padLength)
    padCache.set(padLength, pad)
  }
  return `${head}${pad}"}`
}
