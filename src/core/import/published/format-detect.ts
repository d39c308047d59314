import type { FormatId } from '../../format';
import { canon, segments } from './normalize';
import type { TableSegment } from './route';
import { placeOf, splitRow } from './table-common';
import { MARKERS_2019, MARKERS_2021 } from './vocabulary';

/** Which format the tables follow, and the first label that only the 2019 (试行) format prints. */
export interface DetectedFormat {
  readonly format: FormatId;
  readonly marker: { readonly text: string; readonly place: string } | null;
}

const TABLE_NAMES = { T2: '表二', T3: '表三', T4: '表四' } as const;

/**
 * The 2019 format by its own labels (本年新制作数量, 政府集中采购, 上一年项目数量 …, or table 三's single
 * （六）其他处理 row holding values), against the labels only the 2021 format has. More of the former: 2019.
 */
export function findFormatMarkers(segs: readonly TableSegment[]): DetectedFormat {
  const seen2019 = new Set<string>();
  const seen2021 = new Set<string>();
  let marker: DetectedFormat['marker'] = null;
  for (const seg of segs) {
    if (seg.table === 'T4') continue;
    for (const row of seg.rows) {
      for (const f of row.fields) {
        if (f.text === '' || f.text.length > 80) continue;
        const key = canon(f.text);
        for (const m of MARKERS_2019) {
          if (!key.includes(m) || seen2019.has(m)) continue;
          seen2019.add(m);
          marker ??= { text: f.text.trim(), place: placeOf(row, TABLE_NAMES[seg.table]) };
        }
        for (const m of MARKERS_2021) if (key.includes(m)) seen2021.add(m);
      }
      if (seg.table === 'T3') {
        // （六）其他处理 as a row of its own: the last numbered part of a label that holds values.
        const split = splitRow(row.fields);
        const last = segments(canon(split.label.join(''))).at(-1);
        if (split.values && last?.level === 'B' && last.num === 6 && last.body === '其他处理') seen2019.add('T3.other');
      }
    }
  }
  return { format: seen2019.size > seen2021.size ? '2019' : '2021', marker };
}
