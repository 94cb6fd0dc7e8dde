import { parseArgs, USAGE } from './args.ts'
import { EXIT, readWorkspace, runWorkspace, type RunnerIO } from './run-workspace.ts'
import { exportArtilleryScript } from '../workspace/exports/artillery-script.ts'

export const VERSION = '0.1.0'

/** The headless runner's entry point: parses, runs, and answers with an exit code (never throws). */
export async function main(argv: readonly string[], io: RunnerIO): Promise<number> {
  const args = parseArgs(argv)
  switch (args.command) {
    case 'help':
      io.stdout(USAGE)
      return EXIT.passed
    case 'version':
      io.stdout(`frameline ${VERSION}`)
      return EXIT.passed
    case 'error':
      io.stderr(args.message)
      io.stderr('Run "frameline --help" for the options.')
      return EXIT.usage
    case 'artillery': {
      const workspace = await readWorkspace(args.file, io)
      if (!workspace) return EXIT.usage
      const script = exportArtilleryScript(workspace, args.scenario)
      if (!script.ok) {
        io.stderr(script.error)
        return EXIT.notFound
      }
      for (const note of script.skipped) io.stderr(`Not exported: ${note}`)
      if (args.out === undefined) io.stdout(script.text.trimEnd())
      else await io.writeFile(args.out, script.text)
      return EXIT.passed
    }
    case 'run':
      try {
        return await runWorkspace(args, io)
      } catch (error) {
        io.stderr(`The runner stopped on an unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
        return EXIT.usage
      }
  }
}
