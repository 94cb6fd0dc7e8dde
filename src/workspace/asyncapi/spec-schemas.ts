/**
 * The official AsyncAPI JSON Schemas (draft-07) from @asyncapi/specs, one per minor version,
 * each imported on its own: only the version a document declares is loaded (2.6 is 11 kB
 * gzipped, 3.0 33 kB), and none of them is in the initial bundle. The package's index would pull
 * every version (4.8 MB) in at once.
 */
const LOADERS: Readonly<Record<string, () => Promise<{ default: unknown }>>> = {
  '2.0.0': () => import('@asyncapi/specs/schemas/2.0.0.json'),
  '2.1.0': () => import('@asyncapi/specs/schemas/2.1.0.json'),
  '2.2.0': () => import('@asyncapi/specs/schemas/2.2.0.json'),
  '2.3.0': () => import('@asyncapi/specs/schemas/2.3.0.json'),
  '2.4.0': () => import('@asyncapi/specs/schemas/2.4.0.json'),
  '2.5.0': () => import('@asyncapi/specs/schemas/2.5.0.json'),
  '2.6.0': () => import('@asyncapi/specs/schemas/2.6.0.json'),
  '3.0.0': () => import('@asyncapi/specs/schemas/3.0.0.json'),
}

export const SUPPORTED_VERSIONS = Object.keys(LOADERS)

/** The schema file a version is checked with: patch releases share their minor version's schema. */
export function specSchemaKey(version: string): string | null {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version)
  if (!match) return null
  const key = `${match[1]}.${match[2]}.0`
  return Object.hasOwn(LOADERS, key) ? key : null
}

export async function loadSpecSchema(key: string): Promise<unknown> {
  const load = LOADERS[key]
  if (!load) throw new Error(`No AsyncAPI schema for ${key}`)
  return (await load()).default
}
