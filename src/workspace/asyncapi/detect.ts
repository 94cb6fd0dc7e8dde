/**
 * Whether text is an AsyncAPI document rather than a workspace file, read from its head only. Kept
 * apart from the importer so the import dialog can decide without loading it: the importer, the
 * YAML parser, the validator and the AsyncAPI JSON Schemas are one lazily loaded chunk.
 *
 * YAML: a top-level `asyncapi:` key (no indentation). JSON: an "asyncapi" key at the top level of
 * a pretty-printed file (at most 4 spaces in) or as the first key of a minified one. A workspace
 * file never has such a key: payloads are JSON strings there, and message schemas sit far deeper.
 */
const HEAD_CHARS = 64 * 1024

export function looksLikeAsyncApi(text: string): boolean {
  const head = text.slice(0, HEAD_CHARS)
  if (/^\uFEFF?\s*[{[]/.test(head)) return /^\uFEFF?\s*\{\s*"asyncapi"\s*:/.test(head) || /^ {0,4}"asyncapi"\s*:/m.test(head)
  return /^['"]?asyncapi['"]?\s*:/m.test(head)
}

/** A file name that says YAML: such a file is never a workspace file, so the AsyncAPI importer reads it. */
export function isYamlFileName(name: string): boolean {
  return /\.ya?ml$/i.test(name)
}
