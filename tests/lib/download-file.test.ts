import { afterEach, describe, expect, it, vi } from 'vitest'
import { downloadBlob, downloadText } from '../../src/lib/download-file.ts'

const originalCreate = URL.createObjectURL
const originalRevoke = URL.revokeObjectURL

afterEach(() => {
  URL.createObjectURL = originalCreate
  URL.revokeObjectURL = originalRevoke
  vi.restoreAllMocks()
  vi.useRealTimers()
})

describe('downloadBlob / downloadText', () => {
  it('clicks a hidden download link for the blob, removes it, and revokes the URL a minute later', async () => {
    vi.useFakeTimers()
    const blobs: Blob[] = []
    URL.createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob)
      return 'blob:test/1'
    })
    const revoke = vi.fn()
    URL.revokeObjectURL = revoke
    const clicked: { download: string; href: string; attached: boolean }[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ download: this.download, href: this.href, attached: document.body.contains(this) })
    })

    downloadText('My workspace.frameline.json', '{"a": 1}')

    expect(clicked).toEqual([{ download: 'My workspace.frameline.json', href: 'blob:test/1', attached: true }])
    expect(document.querySelector('a[download]')).toBeNull()
    expect(blobs[0]?.type).toBe('application/json')
    expect(await blobs[0]?.text()).toBe('{"a": 1}')
    vi.advanceTimersByTime(59_999)
    expect(revoke).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(revoke).toHaveBeenCalledWith('blob:test/1')
  })

  it('throws a readable error where the browser cannot create object URLs', () => {
    URL.createObjectURL = undefined as unknown as typeof URL.createObjectURL
    expect(() => downloadBlob(new Blob(['x']), 'x.bin')).toThrow('this browser cannot create download links.')
  })
})
