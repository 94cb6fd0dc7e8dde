/**
 * Three-way merge of plain JSON data, used when two tabs edited the same stored workspaces.
 *
 * `base` is what this tab last read from (or wrote to) storage, `local` is this tab's state now,
 * `remote` is what another tab has stored since. The rule, per value:
 * - a side that did not change a value since `base` takes the other side's value;
 * - plain objects changed on both sides are merged key by key;
 * - arrays of objects with a string `id` (workspaces, connections, saved messages) are merged
 *   entity by entity, so two tabs editing different connections both keep their edits;
 * - an entity deleted on one side and edited on the other is kept (an edit is work; a deletion
 *   can be repeated);
 * - anything else changed on both sides is a conflict: this tab's value wins and the other tab's
 *   value is reported, so the caller can keep it as a backup and tell the user.
 */

export type MergeConflict = {
  /** Where the two tabs disagreed, e.g. `workspaces[w_1].connections[c_2].draft.text`. */
  path: string
  local: unknown
  remote: unknown
}

export type MergeResult<T> = { value: T; conflicts: MergeConflict[] }

export function mergeThreeWay<T>(base: T | undefined, local: T, remote: T): MergeResult<T> {
  const conflicts: MergeConflict[] = []
  const value = mergeValue(base, local, remote, '', conflicts) as T
  return { value, conflicts }
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    return a.every((item, index) => jsonEqual(item, b[index]))
  }
  if (Array.isArray(b)) return false
  const aRecord = a as Record<string, unknown>
  const bRecord = b as Record<string, unknown>
  const aKeys = Object.keys(aRecord).filter((key) => aRecord[key] !== undefined)
  const bKeys = Object.keys(bRecord).filter((key) => bRecord[key] !== undefined)
  if (aKeys.length !== bKeys.length) return false
  return aKeys.every((key) => Object.hasOwn(bRecord, key) && jsonEqual(aRecord[key], bRecord[key]))
}

function mergeValue(base: unknown, local: unknown, remote: unknown, path: string, conflicts: MergeConflict[]): unknown {
  if (jsonEqual(local, remote)) return local
  if (jsonEqual(base, local)) return remote
  if (jsonEqual(base, remote)) return local
  if (isEntityList(local) && isEntityList(remote) && (base === undefined || isEntityList(base))) {
    return mergeEntityLists(base ?? [], local, remote, path, conflicts)
  }
  if (isPlainObject(local) && isPlainObject(remote)) {
    return mergeObjects(isPlainObject(base) ? base : {}, local, remote, path, conflicts)
  }
  conflicts.push({ path: path || '(root)', local, remote })
  return local
}

function mergeObjects(
  base: Record<string, unknown>,
  local: Record<string, unknown>,
  remote: Record<string, unknown>,
  path: string,
  conflicts: MergeConflict[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const keys = new Set([...Object.keys(local), ...Object.keys(remote)])
  for (const key of keys) {
    const merged = mergeValue(base[key], local[key], remote[key], path ? `${path}.${key}` : key, conflicts)
    // defineProperty, not assignment: a stored "__proto__" key must stay a plain own key.
    if (merged !== undefined) Object.defineProperty(out, key, { value: merged, enumerable: true, writable: true, configurable: true })
  }
  return out
}

type Entity = { id: string }

function mergeEntityLists(
  base: readonly Entity[],
  local: readonly Entity[],
  remote: readonly Entity[],
  path: string,
  conflicts: MergeConflict[],
): Entity[] {
  const baseById = new Map(base.map((e) => [e.id, e]))
  const localById = new Map(local.map((e) => [e.id, e]))
  const remoteById = new Map(remote.map((e) => [e.id, e]))
  const merged = new Map<string, Entity>()
  for (const id of new Set([...localById.keys(), ...remoteById.keys(), ...baseById.keys()])) {
    const b = baseById.get(id)
    const l = localById.get(id)
    const r = remoteById.get(id)
    const entityPath = `${path}[${id}]`
    if (l && r) merged.set(id, mergeValue(b, l, r, entityPath, conflicts) as Entity)
    else if (l) {
      // Remote deleted it (or never had it): keep it if this tab added or edited it.
      if (!b || !jsonEqual(b, l)) merged.set(id, l)
    } else if (r) {
      if (!b || !jsonEqual(b, r)) merged.set(id, r)
    }
  }
  // Order: the side that reordered since base wins; items only the other side has are inserted
  // after the item that precedes them there.
  const orderOf = (list: readonly Entity[]) => list.map((e) => e.id)
  const localReordered = !jsonEqual(
    orderOf(local).filter((id) => baseById.has(id)),
    orderOf(base).filter((id) => localById.has(id)),
  )
  const primary = localReordered ? local : remote
  const secondary = localReordered ? remote : local
  // A linked list plus an id → first-node map: each insertion is O(1), so thousands of
  // connections merge in linear time (an array splice/indexOf per item was quadratic).
  type OrderNode = { id: string; next: OrderNode | null }
  const firstNode = new Map<string, OrderNode>()
  let head: OrderNode | null = null
  let tail: OrderNode | null = null
  for (const id of orderOf(primary)) {
    if (!merged.has(id)) continue
    const node: OrderNode = { id, next: null }
    if (tail) tail.next = node
    else head = node
    tail = node
    if (!firstNode.has(id)) firstNode.set(id, node)
  }
  let previous: OrderNode | null = null
  for (const id of orderOf(secondary)) {
    if (merged.has(id) && !firstNode.has(id)) {
      const node: OrderNode = { id, next: previous ? previous.next : head }
      if (previous) previous.next = node
      else head = node
      firstNode.set(id, node)
    }
    previous = firstNode.get(id) ?? previous
  }
  const out: Entity[] = []
  for (let node = head; node; node = node.next) out.push(merged.get(node.id) as Entity)
  return out
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isEntityList(value: unknown): value is Entity[] {
  return Array.isArray(value) && value.every((item) => isPlainObject(item) && typeof item.id === 'string')
}
