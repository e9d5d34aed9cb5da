import {time} from '../printers/access.js'
import {DESCRIBE_TABWRITER, tabwrite} from '../printers/tabwriter.js'

/** Indentation levels of describe output; each level is two spaces. */
export const LEVEL_0 = 0
export const LEVEL_1 = 1
export const LEVEL_2 = 2
export const LEVEL_3 = 3
export const LEVEL_4 = 4

/** printers.WriteEscaped: neutralises terminal escapes (ESC → ^[, CR → \r). */
function escape(s: string): string {
  return s.replaceAll('\x1b', '^[').replaceAll('\r', '\\r')
}

/**
 * kubectl describe's PrefixWriter over a tabwriter (minwidth 0, padding 2): write() indents by level and
 * appends already formatted text (tabs separate aligned cells); flush() closes the current alignment
 * section; text() returns the aligned output.
 */
export class PrefixWriter {
  private pending = ''
  private done = ''

  /** Writes text prefixed by two spaces per level. */
  write(level: number, text: string): void {
    this.pending += escape('  '.repeat(level) + text)
  }

  /** fmt.Sprintln of the parts (space separated) with no indentation. */
  writeLine(...parts: unknown[]): void {
    this.pending += escape(parts.map(String).join(' ') + '\n')
  }

  /** Aligns what was written so far independently of what follows. */
  flush(): void {
    this.done += tabwrite(this.pending, DESCRIBE_TABWRITER)
    this.pending = ''
  }

  /** The aligned output. */
  text(): string {
    this.flush()
    return this.done
  }
}

/** Runs a describer body against a fresh writer and returns its aligned text (kubectl's tabbedString). */
export function tabbedString(body: (w: PrefixWriter) => void): string {
  const w = new PrefixWriter()
  body(w)
  return w.text()
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const pad2 = (n: number): string => String(n).padStart(2, '0')

/**
 * A timestamp in Go's time.RFC1123Z layout ("Mon, 02 Jan 2006 15:04:05 -0700") in the local time zone, as
 * kubectl prints metav1.Time values; an unset timestamp prints as Go's zero time.
 */
export function rfc1123z(v: unknown): string {
  const d = v instanceof Date ? v : time(v)
  if (!d) return 'Mon, 01 Jan 0001 00:00:00 +0000'
  const off = -d.getTimezoneOffset()
  const sign = off >= 0 ? '+' : '-'
  const abs = Math.abs(off)
  const year = String(d.getFullYear()).padStart(4, '0')
  return `${DAYS[d.getDay()]}, ${pad2(d.getDate())} ${MONTHS[d.getMonth()]} ${year} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())} ${sign}${pad2(Math.trunc(abs / 60))}${pad2(abs % 60)}`
}
