import { describe, expect, it } from 'vitest'
import {
  addressSpaceOf,
  connectionHints,
  mixedContentBlocked,
  formatBytes,
  httpToWebSocketScheme,
  urlHost,
} from '../../src/features/connections/connection-hints.ts'

const httpsPublic = { protocol: 'https:', hostname: 'frameline.example.com' }
const httpLocal = { protocol: 'http:', hostname: '127.0.0.1' }

describe('connection hints', () => {
  it('warns about mixed content for ws:// from an https page', () => {
    const hints = connectionHints('ws://echo.example.org/socket', httpsPublic)
    expect(hints).toHaveLength(1)
    expect(hints[0]).toMatch(/mixed content/)
    expect(connectionHints('wss://echo.example.org/socket', httpsPublic)).toEqual([])
    expect(connectionHints('ws://echo.example.org/socket', { protocol: 'http:', hostname: 'tools.example.com' })).toEqual([])
  })

  it('does not warn about mixed content for loopback hosts, which browsers allow from https', () => {
    for (const url of ['ws://localhost:8080/', 'ws://127.0.0.1/', 'ws://127.8.9.1/', 'ws://[::1]:9000/', 'ws://app.localhost/', 'ws://LOCALHOST/']) {
      expect(mixedContentBlocked(url, httpsPublic), url).toBe(false)
      expect(connectionHints(url, httpsPublic).join(' '), url).not.toMatch(/mixed content/)
    }
    // Not potentially trustworthy, so blocked: the unspecified address, a LAN address, a .local name.
    for (const url of ['ws://0.0.0.0:8080/', 'ws://192.168.1.20/', 'ws://printer.local/', 'ws://localhost.example.com/']) {
      expect(mixedContentBlocked(url, httpsPublic), url).toBe(true)
      expect(connectionHints(url, httpsPublic)[0], url).toMatch(/mixed content/)
    }
    expect(mixedContentBlocked('ws://echo.example.org/', { protocol: 'http:', hostname: 'x.example' })).toBe(false)
  })

  it('warns that Chrome may ask for local network access from a public page', () => {
    for (const url of ['wss://localhost:8080/', 'wss://127.0.0.1/', 'wss://192.168.1.20/', 'wss://10.0.0.5/', 'wss://[::1]:9000/', 'wss://printer.local/']) {
      const hints = connectionHints(url, httpsPublic)
      expect(hints, url).toHaveLength(1)
      expect(hints[0]).toMatch(/Chrome may ask for local network access permission/)
    }
    expect(connectionHints('wss://8.8.8.8/', httpsPublic)).toEqual([])
  })

  it('says nothing when the app itself runs locally', () => {
    expect(connectionHints('ws://127.0.0.1:8080/', httpLocal)).toEqual([])
    expect(connectionHints('ws://192.168.1.20/', httpLocal)).toEqual([])
    expect(connectionHints('ws://echo.example.org/', httpLocal)).toEqual([])
  })

  it('warns a page on the local network about loopback targets', () => {
    expect(connectionHints('ws://localhost:9000/', { protocol: 'http:', hostname: '192.168.1.4' })[0]).toMatch(
      /points to this computer/,
    )
  })

  it('classifies addresses', () => {
    expect(addressSpaceOf('127.0.0.1')).toBe('loopback')
    expect(addressSpaceOf('app.localhost')).toBe('loopback')
    expect(addressSpaceOf('172.16.0.1')).toBe('local')
    expect(addressSpaceOf('172.32.0.1')).toBe('public')
    expect(addressSpaceOf('[fd12::1]')).toBe('local')
    expect(addressSpaceOf('example.com')).toBe('public')
  })

  it('ignores what does not parse and a missing page location', () => {
    expect(connectionHints('not a url', httpsPublic)).toEqual([])
    expect(connectionHints('ws://localhost/', undefined)).toEqual([])
  })
})

describe('connection text helpers', () => {
  it('rewrites only an http(s) scheme', () => {
    expect(httpToWebSocketScheme('http://a.example/x')).toBe('ws://a.example/x')
    expect(httpToWebSocketScheme('HTTPS://a.example/x?u=http://b')).toBe('wss://a.example/x?u=http://b')
    expect(httpToWebSocketScheme('ws://a.example/')).toBe('ws://a.example/')
    expect(httpToWebSocketScheme('ftp://a.example/')).toBe('ftp://a.example/')
  })

  it('shows the host of a URL, or the text when it does not parse', () => {
    expect(urlHost('wss://echo.example.com:8443/path?token=x')).toBe('echo.example.com:8443')
    expect(urlHost(' nonsense ')).toBe('nonsense')
  })

  it('formats byte counts', () => {
    expect(formatBytes(1)).toBe('1 byte')
    expect(formatBytes(900)).toBe('900 bytes')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(12.3 * 1024 * 1024)).toBe('12.3 MB')
  })
})
