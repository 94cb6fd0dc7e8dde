import type { Frame } from '../frame.ts'
import { preparePayload } from '../payload.ts'
import type { ConnectionRuntime } from '../runtime/connection-runtime.ts'
import { expandSpec } from '../template/expand-spec.ts'
import type { Expansion } from '../template/template.ts'
import { encodeEmitRequest, type EmitArg } from '../transports/socket-io/emit-request.ts'
import type { ScenarioClock, ScenarioContext, SendableMessage } from './run-scenario.ts'

export type RuntimeContextOptions = {
  clock: ScenarioClock
  variables: ReadonlyMap<string, string>
  secrets?: readonly string[]
  connectionNames: ReadonlyMap<string, string>
  savedMessages: ReadonlyMap<string, SendableMessage>
  uuid?: () => string
  random?: () => number
}

/**
 * A scenario context over a connection runtime: the same in the browser's Worker and in the
 * headless runner, so a scenario behaves identically in both. Connect expands the connection's
 * configured spec with the run's variables.
 */
export function createRuntimeScenarioContext(runtime: ConnectionRuntime, options: RuntimeContextOptions): ScenarioContext {
  return {
    clock: options.clock,
    variables: options.variables,
    ...(options.secrets ? { secrets: options.secrets } : {}),
    uuid: options.uuid ?? (() => globalThis.crypto.randomUUID()),
    random: options.random ?? Math.random,
    connectionName: (id) => options.connectionNames.get(id),
    savedMessage: (id) => options.savedMessages.get(id),
    connect(id, expand) {
      const config = runtime.config(id)
      if (!config) return { ok: false, error: `No connection with id "${id}" in this workspace.` }
      const expanded = expandSpec(config.spec, expand)
      if (!expanded.ok) return expanded
      // The expanded spec stays configured: an automatic reconnect re-reads it and must not meet
      // a {{placeholder}}. The host configures the templated one again before its next connect.
      runtime.configure(id, { ...config, spec: expanded.spec })
      return runtime.connect(id)
    },
    prepare: (message, expand) => prepareMessage(message, expand),
    send: (id, payload, scenario) => runtime.send(id, payload, { origin: 'scenario', ...(scenario === undefined ? {} : { name: scenario }) }),
    close: (id, code, reason) => runtime.disconnect(id, code, reason),
    isOpen: (id) => {
      const status = runtime.snapshot(id).status
      return status === 'open' || status === 'connecting'
    },
    onFrame: (id, listener: (frame: Frame) => void) => runtime.onFrame(id, listener),
  }
}

/** Expands a message (text, or a Socket.IO emit's event and arguments) and encodes it for the wire. */
export function prepareMessage(message: SendableMessage, expand: (text: string) => Expansion): { ok: true; payload: string | ArrayBuffer } | { ok: false; error: string } {
  if (message.emit) {
    const event = expand(message.emit.event)
    if (!event.ok) return { ok: false, error: `Event name: ${event.error}` }
    const args: EmitArg[] = []
    for (const [index, arg] of message.emit.args.entries()) {
      const text = expand(arg.text)
      if (!text.ok) return { ok: false, error: `Argument ${index + 1}: ${text.error}` }
      args.push(arg.type === 'binary' ? { type: 'binary', hex: text.text } : { type: arg.type, text: text.text })
    }
    return { ok: true, payload: encodeEmitRequest({ event: event.text, args, ack: message.emit.ack, ...(message.emit.ackTimeoutMs === undefined ? {} : { ackTimeoutMs: message.emit.ackTimeoutMs }) }) }
  }
  const text = expand(message.text)
  if (!text.ok) return { ok: false, error: text.error }
  return preparePayload(text.text, message.mode)
}
