/**
 * A port of Go's text/tabwriter (the alignment engine behind kubectl's tables and describe output), for
 * left-aligned cells padded with spaces.
 *
 * Text is split in lines and tab-terminated cells; the text after a line's last tab is not part of any
 * column. A column block is a run of consecutive lines that all have a cell in that column; its width is
 * the widest cell plus `padding`, at least `minwidth`. Cell widths count code points (Go counts runes).
 */

export interface TabwriterOptions {
  /** minimal cell width including padding */
  minwidth: number
  /** padding added to the widest cell of a column */
  padding: number
}

/** kubectl get (printers.GetNewTabWriter): minwidth 6, padding 3. */
export const TABLE_TABWRITER: TabwriterOptions = {minwidth: 6, padding: 3}
/** kubectl describe (tabbedString): minwidth 0, padding 2. */
export const DESCRIBE_TABWRITER: TabwriterOptions = {minwidth: 0, padding: 2}

interface Cell {
  text: string
  width: number
}

function cellOf(text: string): Cell {
  let width = 0
  for (const _ of text) width++
  return {text, width}
}

/** Aligns `text` (tab-separated cells, newline-separated lines) and returns the result. */
export function tabwrite(text: string, opts: TabwriterOptions): string {
  const segments = text.split('\n')
  const lines: Cell[][] = segments.map((seg, i) => {
    // the text after the final newline is a line only if it is non-empty (Go terminates it on Flush)
    if (i === segments.length - 1 && seg === '') return []
    return seg.split('\t').map(cellOf)
  })
  const out: string[] = []
  const widths: number[] = []

  const writeLines = (line0: number, line1: number): void => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i]
      for (let j = 0; j < line.length; j++) {
        const c = line[j]
        out.push(c.text)
        if (j < widths.length) out.push(' '.repeat(Math.max(0, widths[j] - c.width)))
      }
      if (i + 1 !== lines.length) out.push('\n')
    }
  }

  const format = (line0: number, line1: number): void => {
    const column = widths.length
    for (let cur = line0; cur < line1; cur++) {
      if (column >= lines[cur].length - 1) continue
      // this line has a cell in this column: print the lines before it, then size the column block
      writeLines(line0, cur)
      line0 = cur
      let width = opts.minwidth
      for (; cur < line1; cur++) {
        const line = lines[cur]
        if (column >= line.length - 1) break
        const w = line[column].width + opts.padding
        if (w > width) width = w
      }
      widths.push(width)
      format(line0, cur)
      widths.pop()
      line0 = cur
    }
    writeLines(line0, line1)
  }

  format(0, lines.length)
  return out.join('')
}
