/** The runner's command line, parsed without a library: a handful of flags, each with one meaning. */

export type Reporter = 'junit' | 'json'

export type RunArgs = {
  command: 'run'
  file: string
  scenarios: string[]
  env?: string
  vars: Map<string, string>
  reporters: Reporter[]
  outDir: string
  /** A bound on each scenario, on top of each step's own. */
  timeoutMs: number
  bail: boolean
}

export type ArtilleryArgs = { command: 'artillery'; file: string; scenario: string; out?: string }

export type ParsedArgs = RunArgs | ArtilleryArgs | { command: 'help' } | { command: 'version' } | { command: 'error'; message: string }

export const DEFAULT_OUT_DIR = 'frameline-results'
export const DEFAULT_SCENARIO_TIMEOUT_MS = 5 * 60_000

export const USAGE = `Usage: frameline run <workspace.json> [options]
       frameline artillery <workspace.json> --scenario NAME [--out FILE]

Runs the scenarios of a Frameline workspace file against live servers.

Options:
  --scenario NAME     run only this scenario (repeatable; default: all)
  --env NAME          use this environment (default: the file's active one)
  --var key=value     set a variable for this run (repeatable; wins over the file)
  --reporter LIST     junit and/or json, comma-separated (written to --out)
  --out DIR           where reports and the NDJSON transcript go (default: ${DEFAULT_OUT_DIR})
  --timeout MS        limit for each scenario (default: ${DEFAULT_SCENARIO_TIMEOUT_MS})
  --bail              stop after the first failing scenario
  -h, --help          show this help
  --version           show the version

artillery writes the scenario as an Artillery WebSocket script (stdout, or --out FILE),
for load tests with many virtual users; steps Artillery has no equivalent for are listed in it.

Exit codes: 0 all passed, 1 an expectation failed, 2 usage error or invalid file,
            3 could not connect, 4 scenario or environment not found.`

export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0 || argv.includes('-h') || argv.includes('--help')) return { command: 'help' }
  if (argv.includes('--version')) return { command: 'version' }
  const [command, ...rest] = argv
  if (command === 'artillery') return parseArtillery(rest)
  if (command !== 'run') return { command: 'error', message: `Unknown command "${command ?? ''}": use "run" (or "artillery").` }
  const args: RunArgs = { command: 'run', file: '', scenarios: [], vars: new Map(), reporters: [], outDir: DEFAULT_OUT_DIR, timeoutMs: DEFAULT_SCENARIO_TIMEOUT_MS, bail: false }
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? ''
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined]
    const value = (): string | null => {
      if (inline !== undefined) return inline
      const next = rest[i + 1]
      if (next === undefined || next.startsWith('--')) return null
      i += 1
      return next
    }
    switch (flag) {
      case '--scenario': {
        const name = value()
        if (name === null) return missing('--scenario', 'a scenario name')
        args.scenarios.push(name)
        break
      }
      case '--env': {
        const name = value()
        if (name === null) return missing('--env', 'an environment name')
        args.env = name
        break
      }
      case '--var': {
        const pair = value()
        if (pair === null || !pair.includes('=')) return { command: 'error', message: '--var needs key=value, e.g. --var token=abc.' }
        args.vars.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1))
        break
      }
      case '--reporter': {
        const list = value()
        if (list === null) return missing('--reporter', 'junit, json or junit,json')
        for (const name of list.split(',').map((item) => item.trim()).filter(Boolean)) {
          if (name !== 'junit' && name !== 'json') return { command: 'error', message: `Unknown reporter "${name}": use junit and/or json.` }
          if (!args.reporters.includes(name)) args.reporters.push(name)
        }
        break
      }
      case '--out': {
        const dir = value()
        if (dir === null) return missing('--out', 'a directory')
        args.outDir = dir
        break
      }
      case '--timeout': {
        const ms = value()
        const number = Number(ms)
        if (ms === null || !Number.isSafeInteger(number) || number <= 0) return { command: 'error', message: '--timeout needs a positive whole number of milliseconds.' }
        args.timeoutMs = number
        break
      }
      case '--bail':
        args.bail = true
        break
      default:
        if (arg.startsWith('-')) return { command: 'error', message: `Unknown option "${arg}".` }
        if (args.file !== '') return { command: 'error', message: `One workspace file at a time (got "${args.file}" and "${arg}").` }
        args.file = arg
    }
  }
  if (args.file === '') return { command: 'error', message: 'Which workspace file? e.g. frameline run team.frameline.json' }
  return args
}

function missing(flag: string, what: string): ParsedArgs {
  return { command: 'error', message: `${flag} needs ${what}.` }
}

function parseArtillery(rest: readonly string[]): ParsedArgs {
  let file = ''
  let scenario = ''
  let out: string | undefined
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? ''
    if (arg === '--scenario' || arg === '--out') {
      const value = rest[i + 1]
      if (value === undefined || value.startsWith('--')) return missing(arg, arg === '--scenario' ? 'a scenario name' : 'a file name')
      i += 1
      if (arg === '--scenario') scenario = value
      else out = value
    } else if (arg.startsWith('-')) return { command: 'error', message: `Unknown option "${arg}".` }
    else if (file === '') file = arg
    else return { command: 'error', message: `One workspace file at a time (got "${file}" and "${arg}").` }
  }
  if (file === '') return { command: 'error', message: 'Which workspace file? e.g. frameline artillery team.frameline.json --scenario "Login works"' }
  if (scenario === '') return missing('artillery', '--scenario NAME')
  return { command: 'artillery', file, scenario, ...(out === undefined ? {} : { out }) }
}
