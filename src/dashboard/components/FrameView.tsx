/** Renders pre-laid-out lines (see text.ts) with Ink, mapping tones to colours, or to nothing without colour. */
import {Box, Text} from 'ink'
import type {Line, Tone} from '../text.js'

/** The colour of each tone. */
export const TONE_COLORS: Record<Tone, string> = {
  ok: 'green',
  warn: 'yellow',
  error: 'red',
  muted: 'gray',
  accent: 'cyan',
  title: 'cyan',
  key: 'magenta',
}

/** Props of FrameView. */
export interface FrameViewProps {
  lines: readonly Line[]
  /** false (NO_COLOR): tones are dropped; bold and inverse stay */
  color: boolean
}

/** Each line on its own row, never wrapped. */
export function FrameView({lines, color}: FrameViewProps) {
  return (
    <Box flexDirection="column">
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate">
          {l.length === 0
            ? ' '
            : l.map((s, j) => (
                <Text key={j} color={color && s.tone ? TONE_COLORS[s.tone] : undefined} bold={s.bold} inverse={s.inverse}>
                  {s.text}
                </Text>
              ))}
        </Text>
      ))}
    </Box>
  )
}
