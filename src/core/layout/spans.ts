/** Merged label blocks of a header tree: which labels span which items and depths. */

export interface LabelSpan {
  readonly label: string;
  readonly depth: number;
  /** Item indexes covered, inclusive. */
  readonly first: number;
  readonly last: number;
  /** A leaf label fills every depth below its own. */
  readonly leaf: boolean;
}

/**
 * Label spans of items described by label paths (outermost first): consecutive items that share a
 * path prefix share one label at that depth; an item's last label is a leaf.
 */
export function labelSpans(paths: readonly (readonly string[])[]): LabelSpan[] {
  const spans: LabelSpan[] = [];
  const depth = Math.max(0, ...paths.map((p) => p.length));
  for (let d = 0; d < depth; d++) {
    let i = 0;
    while (i < paths.length) {
      const path = paths[i] ?? [];
      if (path.length <= d) {
        i++;
        continue;
      }
      const leaf = path.length === d + 1;
      let j = i;
      if (!leaf) {
        const prefix = path.slice(0, d + 1).join('\u0000');
        while (j + 1 < paths.length) {
          const next = paths[j + 1] ?? [];
          if (next.length <= d + 1 || next.slice(0, d + 1).join('\u0000') !== prefix) break;
          j++;
        }
      }
      spans.push({ label: path[d] ?? '', depth: d, first: i, last: j, leaf });
      i = j + 1;
    }
  }
  return spans;
}

/** Split `total` columns into `parts` near-equal widths, wider ones first. */
export function splitEvenly(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  return Array.from({ length: parts }, (_, i) => base + (i < total % parts ? 1 : 0));
}

/** Width of text in column-width units: CJK and full-width characters count two. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) > 0x2e80 ? 2 : 1;
  return w;
}

/**
 * Row height (points) that shows `text` wrapped in a span `width` units wide at 10 pt. A 宋体 10 pt
 * character is about 1.9 units (13.3 px against 7 px), a little under textWidth's 2.
 */
export function wrappedHeight(text: string, width: number, minimum = 18): number {
  const lines = Math.max(1, Math.ceil((textWidth(text) * 0.95) / Math.max(1, width - 1)));
  return Math.max(minimum, lines * 13.5 + 4);
}
