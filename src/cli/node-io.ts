import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { RunnerIO } from './run-workspace.ts'

/** The runner's IO on a real process: files, environment, whether stdout is a terminal. */
export function nodeIO(): RunnerIO {
  // Output piped into `head` or a closed pipe must not crash the run (EPIPE): the exit code still counts.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined)
  return {
    stdout: (line) => void process.stdout.write(`${line}\n`),
    stderr: (line) => void process.stderr.write(`${line}\n`),
    env: process.env,
    isTTY: process.stdout.isTTY === true,
    readFile: async (path) => new Uint8Array(await readFile(path)),
    writeFile: (path, text) => writeFile(path, text, 'utf8'),
    mkdir: async (path) => void (await mkdir(path, { recursive: true })),
    join,
  }
}
