import { act, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { UpdatePrompt } from '../../src/features/offline/update-prompt.tsx'
import { createServiceWorkerClient, SKIP_WAITING_MESSAGE, type ServiceWorkerHost } from '../../src/offline/service-worker-client.ts'

/** A ServiceWorker with a settable state that records what the page posts to it. */
class FakeWorker extends EventTarget {
  state: ServiceWorkerState = 'installing'
  readonly posted: unknown[] = []
  postMessage(message: unknown) {
    this.posted.push(message)
  }
  become(state: ServiceWorkerState) {
    this.state = state
    this.dispatchEvent(new Event('statechange'))
  }
}

class FakeRegistration extends EventTarget {
  installing: FakeWorker | null = null
  waiting: FakeWorker | null = null
  active: FakeWorker | null = null
  updates = 0
  update() {
    this.updates += 1
    return Promise.resolve()
  }
  /** A new worker starts installing, as after the browser found a changed sw.js. */
  found(): FakeWorker {
    const worker = new FakeWorker()
    this.installing = worker
    this.dispatchEvent(new Event('updatefound'))
    return worker
  }
  installed(worker: FakeWorker) {
    this.installing = null
    this.waiting = worker
    worker.become('installed')
  }
}

function setup({ controlled, registration = new FakeRegistration(), fails, disabled }: { controlled: boolean; registration?: FakeRegistration; fails?: Error; disabled?: boolean }) {
  const container = new EventTarget() as EventTarget & { controller: unknown; register: unknown }
  container.controller = controlled ? new FakeWorker() : null
  const registered: { url: string; options: unknown }[] = []
  container.register = (url: string, options: unknown) => {
    registered.push({ url, options })
    if (disabled) return Promise.resolve(undefined)
    return fails ? Promise.reject(fails) : Promise.resolve(registration)
  }
  const host = { container, reload: () => void (reloads.count += 1), every: (ms: number, run: () => void) => ((checks.ms = ms), (checks.run = run), () => undefined) }
  const reloads = { count: 0 }
  const checks: { ms?: number; run?: () => void } = {}
  const client = createServiceWorkerClient(host as unknown as ServiceWorkerHost)
  return { client, container, registration, registered, reloads, checks }
}

describe('the service worker client', () => {
  it('registers ./sw.js for the app folder, bypassing the HTTP cache, and checks for updates hourly', async () => {
    const { client, registered, registration, checks } = setup({ controlled: false })
    await client.start()
    expect(registered).toEqual([{ url: './sw.js', options: { scope: './', updateViaCache: 'none' } }])
    expect(checks.ms).toBe(60 * 60 * 1000)
    checks.run?.()
    expect(registration.updates).toBe(1)
  })

  it('a first install offers no update and reloads nothing: the app just works offline from now on', async () => {
    const { client, registration, container, reloads } = setup({ controlled: false })
    await client.start()
    registration.installed(registration.found())
    expect(client.store.getState()).toMatchObject({ phase: 'none', offlineReady: true })
    container.dispatchEvent(new Event('controllerchange'))
    expect(client.store.getState().phase).toBe('none')
    expect(reloads.count).toBe(0)
  })

  it('a new version waits: the page offers it and swaps only when the user accepts', async () => {
    const { client, registration, container, reloads } = setup({ controlled: true })
    await client.start()
    const next = registration.found()
    expect(client.store.getState().phase).toBe('none')
    registration.installed(next)
    expect(client.store.getState().phase).toBe('update-available')
    expect(next.posted).toEqual([])
    expect(reloads.count).toBe(0)

    client.applyUpdate()
    expect(next.posted).toEqual([SKIP_WAITING_MESSAGE])
    expect(client.store.getState().phase).toBe('updating')
    expect(reloads.count).toBe(0)
    container.dispatchEvent(new Event('controllerchange'))
    expect(reloads.count).toBe(1)
  })

  it('offers a version that was already waiting when the page loaded; "Later" hides the offer', async () => {
    const registration = new FakeRegistration()
    registration.waiting = new FakeWorker()
    registration.waiting.state = 'installed'
    const { client } = setup({ controlled: true, registration })
    await client.start()
    expect(client.store.getState().phase).toBe('update-available')
    client.dismiss()
    expect(client.store.getState().phase).toBe('none')
  })

  it('says so when another tab switched versions, without reloading this one', async () => {
    const { client, container, reloads } = setup({ controlled: true })
    await client.start()
    container.dispatchEvent(new Event('controllerchange'))
    expect(client.store.getState().phase).toBe('updated-elsewhere')
    expect(reloads.count).toBe(0)
  })

  it('a browser with service workers switched off (register resolves with nothing) is recorded, not a crash', async () => {
    const { client } = setup({ controlled: false, disabled: true })
    await client.start()
    expect(client.store.getState().phase).toBe('failed')
  })

  it('a failed registration is recorded and changes nothing else', async () => {
    const { client } = setup({ controlled: false, fails: new Error('The script has an unsupported MIME type') })
    await client.start()
    expect(client.store.getState()).toMatchObject({ phase: 'failed', error: 'The script has an unsupported MIME type' })
  })
})

describe('UpdatePrompt', () => {
  it('shows nothing until a new version waits, then reloads into it on request', async () => {
    const { client, registration, container, reloads } = setup({ controlled: true })
    render(<UpdatePrompt client={client} />)
    expect(screen.queryByRole('status')).not.toBeInTheDocument()
    await act(() => client.start())
    const next = registration.found()
    act(() => registration.installed(next))
    expect(await screen.findByRole('status')).toHaveTextContent('A new version of Frameline is available.')
    await userEvent.click(screen.getByRole('button', { name: 'Reload to update' }))
    expect(next.posted).toEqual([SKIP_WAITING_MESSAGE])
    expect(screen.getByRole('button', { name: 'Updating…' })).toBeDisabled()
    act(() => void container.dispatchEvent(new Event('controllerchange')))
    expect(reloads.count).toBe(1)
  })

  it('"Later" hides the offer; an update from another tab offers a reload', async () => {
    const { client, registration, container, reloads } = setup({ controlled: true })
    render(<UpdatePrompt client={client} />)
    await act(() => client.start())
    act(() => registration.installed(registration.found()))
    await userEvent.click(await screen.findByRole('button', { name: 'Later' }))
    expect(screen.queryByRole('status')).not.toBeInTheDocument()
    act(() => void container.dispatchEvent(new Event('controllerchange')))
    expect(await screen.findByRole('status')).toHaveTextContent('updated in another tab')
    await userEvent.click(screen.getByRole('button', { name: 'Reload' }))
    expect(reloads.count).toBe(1)
  })
})
