/** The `?` help: every key, by context. */
import {KINDS, defOf} from './kinds.js'
import {type Line, rule} from './text.js'

/** Keys per context, as the help screen lists them. */
export const HELP: {section: string; keys: [string, string][]}[] = [
  {
    section: 'Everywhere',
    keys: [
      [':', 'switch view by name or short name: :po :deploy :rs :ds :job :svc :ep :no :ns :cm :secret :ev'],
      [':pods NS', 'a view in namespace NS (":pods all" for every namespace)'],
      [':overview', 'back to the cluster overview'],
      ['?', 'this help (again to close)'],
      ['esc', 'back (clears the filter first)'],
      ['q, ctrl-c', 'quit'],
    ],
  },
  {
    section: 'Lists',
    keys: [
      ['j k, ↑ ↓', 'move'],
      ['pgup pgdn', 'page up / down (also ctrl-b ctrl-f)'],
      ['g, home / end', 'first / last row'],
      ['/', 'filter by text, or by label with "-l key=value"; enter keeps it, esc undoes'],
      ['enter', 'drill down: deployment, replica set, daemon set, job or service → its pods; node → its pods; namespace → its pods (and switch to it); others → describe'],
      ['d', 'describe'],
      ['y', 'YAML (secret values hidden)'],
      ['l', 'logs of a pod, following'],
      ['s', 'shell in a pod (mkube exec -it POD -- sh); exit the shell to come back'],
      ['ctrl-d', 'delete (asks y/n)'],
      ['S', 'scale a deployment or replica set'],
      ['shift+letter', 'sort by the column starting with it (N name, A age…); again to reverse'],
      ['0', 'all namespaces ↔ the home namespace'],
    ],
  },
  {
    section: 'Describe, YAML, help',
    keys: [
      ['j k, ↑ ↓, space', 'scroll'],
      ['g G', 'top / bottom'],
      ['y / d', 'switch between YAML and describe'],
    ],
  },
  {
    section: 'Logs',
    keys: [
      ['j k, pgup pgdn', 'scroll (stops following)'],
      ['G, end / f', 'follow again / toggle following'],
      ['0', 'all containers ↔ one container'],
      ['c', 'next container'],
      ['r', 'reconnect the streams'],
    ],
  },
]

/** Splits text into lines of at most `w` columns at spaces. */
export function wrap(text: string, w: number): string[] {
  const out: string[] = []
  let cur = ''
  for (const word of text.split(' ')) {
    if (cur !== '' && cur.length + 1 + word.length > w) {
      out.push(cur)
      cur = word
    } else {
      cur = cur === '' ? word : `${cur} ${word}`
    }
  }
  if (cur !== '') out.push(cur)
  return out
}

/** The help text as lines for a terminal `w` columns wide. */
export function helpLines(w: number): Line[] {
  const out: Line[] = []
  const keyWidth = Math.max(...HELP.flatMap((s) => s.keys.map(([k]) => k.length))) + 2
  for (const s of HELP) {
    out.push(rule(s.section, w))
    for (const [k, d] of s.keys) {
      wrap(d, Math.max(20, w - keyWidth - 2)).forEach((part, i) => out.push([{text: ' ' + (i === 0 ? k : '').padEnd(keyWidth), tone: 'key', bold: true}, {text: part}]))
    }
    out.push([])
  }
  out.push(rule('Views', w))
  for (const k of KINDS) {
    const def = defOf(k.resource)
    out.push([{text: ' ' + (':' + (def.shortNames[0] ?? def.resource)).padEnd(keyWidth), tone: 'key', bold: true}, {text: k.title}])
  }
  return out
}
