import {malformed} from './errors.js'
import {brief, deepEqual, hasOwn, isObject, type JsonValue} from './json.js'
import {PATCH_DIRECTIVE} from './directives.js'

/**
 * Element ordering of merged lists in strategic merge patches, as apimachinery's strategicpatch does it:
 * patch items keep their relative order (from the patch, or from `$setElementOrder`), items only on the
 * server keep theirs, and the two sequences are interleaved using the live list's order.
 */

/** Identity of a list element: the merge-key value for maps, the value itself for primitives. */
export type KeyOf = (element: JsonValue) => JsonValue | undefined

/** KeyOf for a list of maps merged by `mergeKey` (undefined for an element without it). */
export function keyByMergeKey(mergeKey: string): KeyOf {
  return (e) => (isObject(e) && hasOwn(e, mergeKey) ? e[mergeKey] : undefined)
}

/** KeyOf for a list of primitives. */
export const keyByValue: KeyOf = (e) => e

/** Position of `item` in `list` by key, or -1. */
export function indexByKey(list: readonly JsonValue[], item: JsonValue, keyOf: KeyOf): number {
  const k = keyOf(item)
  if (k === undefined) return -1
  return list.findIndex((e) => {
    const ek = keyOf(e)
    return ek !== undefined && deepEqual(ek, k)
  })
}

/** Split `list` into the items whose key appears in `by` and the others, each keeping list order. */
export function partitionByPresence(list: readonly JsonValue[], by: readonly JsonValue[], keyOf: KeyOf): [JsonValue[], JsonValue[]] {
  const present: JsonValue[] = []
  const absent: JsonValue[] = []
  for (const e of list) (indexByKey(by, e, keyOf) >= 0 ? present : absent).push(e)
  return [present, absent]
}

/** Stable sort of `items` by their position in `order` (items not found keep their place relative to each other). */
export function sortByOrder(items: readonly JsonValue[], order: readonly JsonValue[], keyOf: KeyOf): JsonValue[] {
  return items
    .map((e, i) => ({e, i, at: indexByKey(order, e, keyOf)}))
    .sort((a, b) => (a.at >= 0 && b.at >= 0 ? a.at - b.at : a.i - b.i))
    .map((x) => x.e)
}

/**
 * Interleave two sorted, disjoint lists: `left` (server-only items) is inserted into `right` (patch
 * items); a left item goes before the right item it precedes in `serverOrder`, and right items come
 * first when the live order says nothing (apimachinery's mergeSortedSlice).
 */
export function mergeSorted(left: readonly JsonValue[], right: readonly JsonValue[], serverOrder: readonly JsonValue[], keyOf: KeyOf): JsonValue[] {
  const out: JsonValue[] = []
  let i = 0
  let j = 0
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++])
    else if (j >= right.length) out.push(left[i++])
    else {
      const li = indexByKey(serverOrder, left[i], keyOf)
      const ri = indexByKey(serverOrder, right[j], keyOf)
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++])
      else out.push(right[j++])
    }
  }
  return out
}

/** Order `patchItems` by `patchOrder`, `serverOnly` by `serverOrder`, then interleave them. */
export function normalizeElementOrder(
  patchItems: readonly JsonValue[],
  serverOnly: readonly JsonValue[],
  patchOrder: readonly JsonValue[],
  serverOrder: readonly JsonValue[],
  keyOf: KeyOf,
): JsonValue[] {
  return mergeSorted(sortByOrder(serverOnly, serverOrder, keyOf), sortByOrder(patchItems, patchOrder, keyOf), serverOrder, keyOf)
}

/**
 * Check that the patch list's items (deletions and other `$patch` elements aside) appear in
 * `$setElementOrder` and in the same relative order; 400 otherwise.
 */
export function validateSetElementOrder(patchList: readonly JsonValue[], order: readonly JsonValue[], keyOf: KeyOf, field: string): void {
  const items = patchList.filter((e) => !(isObject(e) && Object.prototype.hasOwnProperty.call(e, PATCH_DIRECTIVE)))
  let p = 0
  for (let s = 0; p < items.length && s < order.length; s++) {
    const pk = keyOf(items[p])
    const sk = keyOf(order[s])
    if (pk !== undefined && sk !== undefined && deepEqual(pk, sk)) p++
  }
  if (p < items.length) {
    throw malformed(`the order in patch list ${brief(patchList)} doesn't match $setElementOrder list ${brief(order)} of ${field}`)
  }
}
