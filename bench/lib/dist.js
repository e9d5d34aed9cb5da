/**
 * Imports of the compiled mkube code (dist/, built by `npm run build`). MKUBE_DIST points at another build
 * directory when set (same convention as bench/scheduler.ts).
 */
import {existsSync} from 'node:fs'
import {fileURLToPath, pathToFileURL} from 'node:url'

export const distDir = process.env.MKUBE_DIST ? pathToFileURL(process.env.MKUBE_DIST.replace(/\/?$/, '/')) : new URL('../../dist/', import.meta.url)

/** True when the compiled code is present. */
export function distBuilt() {
  return existsSync(fileURLToPath(new URL('client/client.js', distDir))) && existsSync(fileURLToPath(new URL('store/index.js', distDir)))
}

/** import() of dist/<rel> with a helpful error when the build is missing. */
export async function dist(rel) {
  const url = new URL(rel, distDir)
  try {
    return await import(url.href)
  } catch (err) {
    if (!existsSync(fileURLToPath(url))) throw new Error(`${fileURLToPath(url)} is missing: run \`npm run build\` first`)
    throw err
  }
}
