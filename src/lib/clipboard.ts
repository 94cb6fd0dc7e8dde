/** Writes text to the clipboard, or says why it cannot (navigator.clipboard exists only in secure contexts: https, localhost). */
export function copyToClipboard(text: string): Promise<void> {
  if (typeof navigator === 'undefined' || !navigator.clipboard) {
    return Promise.reject(new Error('the clipboard is not available here (it needs https or localhost). Use Download instead.'))
  }
  return navigator.clipboard.writeText(text)
}
