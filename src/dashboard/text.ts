/**
 * Styled text as the dashboard's pure renderers produce it: a screen is a list of lines, a line a list of
 * segments carrying a tone (mapped to a colour, or to nothing without colour) and attributes. Widths are
 * counted in code points, which is what the terminal shows for the ASCII the API objects hold.
 */

/** The meaning of a piece of text; the theme maps it to a colour. */
export type Tone = 'ok' | 'warn' | 'error' | 'muted' | 'accent' | 'title' | 'key'

/** A run of text with one style. */
export interface Segment {
  text: string
  tone?: Tone
  bold?: boolean
  inverse?: boolean
}

/** One terminal line. */
export type Line = Segment[]

/** The display width of a string (code points; control characters are expected to be sanitized first). */
export function width(s: string): number {
  let n = 0
  for (const _ of s) n++
  return n
}

/** Cuts `s` to `w` columns, ending with "…" when it had to cut. */
export function truncate(s: string, w: number): string {
  if (w <= 0) return ''
  if (width(s) <= w) return s
  if (w === 1) return '…'
  return Array.from(s).slice(0, w - 1).join('') + '…'
}

/** `s` cut or padded with spaces to exactly `w` columns. */
export function fit(s: string, w: number): string {
  const t = truncate(s, w)
  return t + ' '.repeat(Math.max(0, w - width(t)))
}

/** Replaces control characters (newlines, tabs, ESC…) so a cell stays on one line and cannot style the terminal. */
export function sanitize(s: string): string {
  return s.replace(/\r?\n.*$/s, '…').replace(/[\x00-\x1f\x7f]/g, ' ')
}

/** A line of one segment. */
export function line(text: string, style: Omit<Segment, 'text'> = {}): Line {
  return [{text, ...style}]
}

/** The width of a line. */
export function lineWidth(l: Line): number {
  return l.reduce((n, s) => n + width(s.text), 0)
}

/** Cuts a line to `w` columns (adding "…" in the segment that overflows) and pads the rest with spaces when `pad`. */
export function clipLine(l: Line, w: number, pad = false): Line {
  const out: Line = []
  let used = 0
  for (const seg of l) {
    if (used >= w) break
    const sw = width(seg.text)
    if (used + sw <= w) {
      out.push(seg)
      used += sw
    } else {
      out.push({...seg, text: truncate(seg.text, w - used)})
      used = w
    }
  }
  if (pad && used < w) out.push({text: ' '.repeat(w - used)})
  return out
}

/** A title rule: "── Title ─────…" filling `w` columns. `extra` segments follow the title. */
export function rule(title: string, w: number, extra: Line = []): Line {
  const head: Line = [{text: '── ', tone: 'muted'}, {text: title, tone: 'title', bold: true}, ...extra, {text: ' '}]
  const rest = w - lineWidth(head)
  return clipLine(rest > 0 ? [...head, {text: '─'.repeat(rest), tone: 'muted'}] : head, w)
}

/** The plain text of lines (no styles), one per row, trailing spaces removed: for captures and tests. */
export function linesToText(lines: readonly Line[]): string {
  return lines.map((l) => l.map((s) => s.text).join('').replace(/\s+$/, '')).join('\n')
}
