/**
 * Starts a download of `blob` as `fileName` through a hidden <a download>. Throws an Error with a
 * readable message when the browser cannot create object URLs; callers show it to the user.
 */
export function downloadBlob(blob: Blob, fileName: string): void {
  if (typeof URL.createObjectURL !== 'function') throw new Error('this browser cannot create download links.')
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.rel = 'noopener'
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
  // Revoking at once can cancel the download in some browsers; a minute is plenty to start it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/** Saves text (JSON unless `type` says otherwise) as a file. */
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  downloadBlob(new Blob([text], { type }), fileName)
}
