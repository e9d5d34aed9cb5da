// Module hooks for child processes that run this repository's TypeScript sources directly with Node's
// type stripping (node --experimental-transform-types --import ./ts-hooks.mjs script.ts). The sources
// import siblings as './x.js' (NodeNext convention); this maps such a specifier to './x.ts' when only the
// .ts file exists. Test-only; the built package never loads it.
import {registerHooks} from 'node:module'
import {existsSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

registerHooks({
  resolve(specifier, context, nextResolve) {
    const parent = context.parentURL
    if (parent?.endsWith('.ts') && /^\.{1,2}\//.test(specifier) && specifier.endsWith('.js')) {
      const url = new URL(specifier.slice(0, -3) + '.ts', parent)
      if (!existsSync(fileURLToPath(new URL(specifier, parent))) && existsSync(fileURLToPath(url))) {
        return nextResolve(url.href, context)
      }
    }
    return nextResolve(specifier, context)
  },
})
