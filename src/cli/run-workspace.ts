import { nodeTransports } from '../engine/host/node-transports.ts'
import { createConnectionRuntime, type ConnectionRuntime } from '../engine/runtime/connection-runtime.ts'
import type { ScenarioReport } from '../engine/scenario/report.ts'
import { runScenario, type ScenarioClock, type SendableMessage } from '../engine/scenario/run-scenario.ts'
import { createRuntimeScenarioContext } from '../engine/scenario/runtime-context.ts'
import { findEnvironment, resolveVariables, secretValues } from '../engine/template/variables.ts'
import { configOf } from '../workspace/connection-config.ts'
import { DEFAULT_PREFERENCES } from '../workspace/model.ts'
import { decodeWorkspaceFile, parseWorkspaceFile, type WorkspaceContent } from '../workspace/workspace-file.ts'
import type { RunArgs } from './args.ts'
import { jsonReport, type RunSummary } from './reporters/json-report.ts'
import { junitReport } from './reporters/junit.ts'
import { createProgressPrinter, progressStyle } from './reporters/progress.ts'
import { createTranscript } from './transcript.ts'

export const EXIT = { passed: 0, failed: 1, usage: 2, connect: 3, notFound: 4 } as const

export type RunnerIO = {
  stdout(line: string): void
  stderr(line: string): void
  env: Record<string, string | undefined>
  isTTY: boolean
  readFile(path: string): Promise<Uint8Array>
  writeFile(path: string, text: string): Promise<void>
  mkdir(path: string): Promise<void>
  join(...parts: string[]): string
}

const nodeClock: ScenarioClock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const timer = setTimeout(fn, ms)
    return () => clearTimeout(timer)
  },
}

/** Reads the file, picks scenarios and environment, runs them one after another, writes reports. */
/** Reads and validates a workspace file with the app's own reader; says why on stderr when it cannot. */
export async function readWorkspace(file: string, io: RunnerIO): Promise<WorkspaceContent | null> {
  let bytes: Uint8Array
  try {
    bytes = await io.readFile(file)
  } catch (error) {
    io.stderr(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`)
    return null
  }
  const decoded = decodeWorkspaceFile(bytes)
  if (!decoded.ok) {
    io.stderr(`${file}: ${decoded.message}`)
    for (const detail of decoded.details) io.stderr(`  ${detail}`)
    return null
  }
  const parsed = parseWorkspaceFile(decoded.text)
  if (!parsed.ok) {
    io.stderr(`${file}: ${parsed.message}`)
    for (const detail of parsed.details) io.stderr(`  ${detail}`)
    return null
  }
  return parsed.value.workspace
}

export async function runWorkspace(args: RunArgs, io: RunnerIO): Promise<number> {
  const workspace = await readWorkspace(args.file, io)
  if (!workspace) return EXIT.usage
  const all = workspace.scenarios ?? []
  if (all.length === 0) {
    io.stderr(`${args.file} has no scenarios. Build one in Frameline (Scenarios) and export the workspace again.`)
    return EXIT.notFound
  }
  const unknown = args.scenarios.filter((name) => !all.some((scenario) => scenario.name === name || scenario.id === name))
  if (unknown.length > 0) {
    io.stderr(`No scenario named ${unknown.map((name) => `"${name}"`).join(', ')}. The file has: ${all.map((scenario) => `"${scenario.name}"`).join(', ')}.`)
    return EXIT.notFound
  }
  const selected = args.scenarios.length === 0 ? all : all.filter((scenario) => args.scenarios.includes(scenario.name) || args.scenarios.includes(scenario.id))
  const environment = args.env !== undefined ? findEnvironment(workspace.environments, args.env) : findEnvironment(workspace.environments, workspace.activeEnvironmentId ?? '')
  if (args.env !== undefined && !environment) {
    const names = (workspace.environments ?? []).map((item) => `"${item.name}"`).join(', ')
    io.stderr(`No environment named "${args.env}".${names ? ` The file has: ${names}.` : ' The file has none.'}`)
    return EXIT.notFound
  }
  const sources = { variables: workspace.variables ?? [], environments: workspace.environments ?? [], ...(environment ? { activeEnvironmentId: environment.id } : {}), overrides: args.vars }
  const variables = resolveVariables(sources)
  const secrets = secretValues(sources)
  const redactedSecrets = [...variables].filter(([, value]) => value === '<redacted>').map(([name]) => name)
  if (redactedSecrets.length > 0) {
    io.stderr(`Note: ${redactedSecrets.map((name) => `{{${name}}}`).join(', ')} ${redactedSecrets.length > 1 ? 'are' : 'is'} "<redacted>" in this file; pass the real value${redactedSecrets.length > 1 ? 's' : ''} with --var name=value.`)
  }

  const runtime = createConnectionRuntime({ transports: nodeTransports(), schedule: (run) => void setTimeout(run, 16) })
  const style = progressStyle(io.env, io.isTTY)
  const printer = createProgressPrinter(io.stdout, style)
  const transcript = createTranscript(secrets)
  const reports: ScenarioReport[] = []
  const started = Date.now()
  try {
    configureAll(runtime, workspace)
    const context = createRuntimeScenarioContext(runtime, {
      clock: nodeClock,
      variables,
      secrets,
      connectionNames: new Map(workspace.connections.map((connection) => [connection.id, connection.name])),
      savedMessages: savedMessagesOf(workspace),
    })
    io.stdout(`Frameline runner: ${selected.length} scenario${selected.length === 1 ? '' : 's'} from ${args.file}${environment ? `, environment "${environment.name}"` : ''}`)
    for (const scenario of selected) {
      printer.scenarioStarted(scenario.name)
      const unsubscribes = workspace.connections.map((connection) => runtime.onFrame(connection.id, (frame) => transcript.record(scenario.name, connection.name, frame)))
      const report = await runScenario(scenario, context, { timeoutMs: args.timeoutMs, onProgress: (progress) => printer.update(progress) })
      await settle(runtime, workspace)
      for (const unsubscribe of unsubscribes) unsubscribe()
      printer.scenarioFinished(report)
      reports.push(report)
      if (report.status === 'failed' && args.bail) break
    }
  } finally {
    runtime.dispose()
  }

  const passed = reports.filter((report) => report.status === 'passed').length
  const failed = reports.length - passed
  const connectFailed = reports.some((report) => report.failure?.kind === 'connect')
  const exitCode = failed === 0 ? EXIT.passed : connectFailed ? EXIT.connect : EXIT.failed
  const summary: RunSummary = { passed, failed, total: reports.length, exitCode, durationMs: Date.now() - started }
  io.stdout(`${passed} passed, ${failed} failed${selected.length > reports.length ? `, ${selected.length - reports.length} not run (--bail)` : ''} in ${summary.durationMs} ms`)

  try {
    await io.mkdir(args.outDir)
    await io.writeFile(io.join(args.outDir, 'transcript.ndjson'), transcript.text())
    if (args.reporters.includes('junit')) await io.writeFile(io.join(args.outDir, 'junit.xml'), junitReport(reports))
    if (args.reporters.includes('json')) await io.writeFile(io.join(args.outDir, 'report.json'), jsonReport(args.file, environment?.name ?? null, reports, summary))
    io.stdout(`Reports in ${args.outDir}/ (${['transcript.ndjson', ...(args.reporters.includes('junit') ? ['junit.xml'] : []), ...(args.reporters.includes('json') ? ['report.json'] : [])].join(', ')})`)
  } catch (error) {
    io.stderr(`Could not write the reports to ${args.outDir}: ${error instanceof Error ? error.message : String(error)}`)
    return exitCode === EXIT.passed ? EXIT.usage : exitCode
  }
  return exitCode
}

function configureAll(runtime: ConnectionRuntime, workspace: WorkspaceContent): void {
  for (const connection of workspace.connections) runtime.configure(connection.id, configOf(connection, DEFAULT_PREFERENCES))
}

function savedMessagesOf(workspace: WorkspaceContent): Map<string, SendableMessage> {
  const messages = new Map<string, SendableMessage>()
  for (const connection of workspace.connections) {
    for (const message of connection.savedMessages) messages.set(message.id, { text: message.text, mode: message.mode, ...(message.emit ? { emit: message.emit } : {}) })
  }
  return messages
}

/** Lets closes started at the end of a scenario finish (bounded), so the next starts clean. */
async function settle(runtime: ConnectionRuntime, workspace: WorkspaceContent): Promise<void> {
  const deadline = Date.now() + 3000
  while (Date.now() < deadline) {
    const busy = workspace.connections.some((connection) => {
      const status = runtime.snapshot(connection.id).status
      return status === 'open' || status === 'connecting' || status === 'closing'
    })
    if (!busy) return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
