/**
 * Words written twice in a row (我县我县, 的的): a slip a clerk wants pointed out. Reduplication that
 * Chinese uses on purpose is left alone: 常常、人人、年年、层层 (single characters other than the few
 * function words below), 实实在在、的的确确 (AABB), 一项一项 (numerals), 为了了解、目的的 (a word ending
 * in the character before a word starting with it).
 */

export interface RepeatedWord {
  /** The word that is doubled. */
  readonly word: string;
  /** Where the doubling starts and ends in the text. */
  readonly start: number;
  readonly end: number;
}

/** The longest word looked for doubled, in characters. */
const MAX_WORD = 4;
const NUMERAL_START = /^[一二三四五六七八九十两几每]/;

/**
 * Function words never doubled in good prose, each with the characters that, before it or after it,
 * make a doubling a legitimate pair of words (目的 + 的, 为了 + 了解, 存在 + 在线).
 */
const FUNCTION_WORDS: Readonly<Record<string, { readonly before: string; readonly after: string }>> = {
  的: { before: '目标有真', after: '确士' },
  了: { before: '为除罢完好算不得极受', after: '解如结然却断无' },
  在: { before: '存现正所实自内外潜好健旨意', after: '线职建岗编办库押案场读册途内于乎' },
  是: { before: '就但总凡还正倒硬于若要求可只便而即也都乃又更实', after: '否非' },
  和: { before: '总温缓平调附应饱柔谐随暖', after: '谐平睦美' },
  与: { before: '参给赋授', after: '否其会' },
  对: { before: '针面相核比应反绝校查配派一', after: '象应照比接标策称话待口于手路' },
  将: { before: '即行必终', after: '来要近军领士' },
  并: { before: '合兼归吞', after: '非不且列行用购发存举重' },
  被: { before: '棉', after: '告申子' },
  从: { before: '服顺随自遵听无', after: '事业严而来' },
  于: { before: '关对由至属等基鉴在处终免善过归', after: '是' },
};
const DOUBLED_FUNCTION_WORD = new RegExp(`([${Object.keys(FUNCTION_WORDS).join('')}])[ \\t\\u3000]*\\1`, 'g');

const isHan = (code: number): boolean => code >= 0x4e00 && code <= 0x9fff;
const isSpace = (code: number): boolean => code === 0x20 || code === 0x09 || code === 0x3000;

/** A word of `n` Chinese characters at `i` written again right after it (spaces between allowed): where the doubling ends. */
function doubledAt(text: string, i: number, n: number): number {
  if (i + 2 * n > text.length) return -1;
  const next = text.charCodeAt(i + n);
  if (next !== text.charCodeAt(i) && !isSpace(next)) return -1;
  for (let k = 0; k < n; k++) if (!isHan(text.charCodeAt(i + k))) return -1;
  let j = i + n;
  while (j < text.length && isSpace(text.charCodeAt(j))) j++;
  for (let k = 0; k < n; k++) if (text.charCodeAt(j + k) !== text.charCodeAt(i + k)) return -1;
  return j + n;
}

/** Every doubled word of a text, in order. */
export function findRepeatedWords(text: string): RepeatedWord[] {
  const out: RepeatedWord[] = [];
  for (let i = 0; i < text.length; i++) {
    if (!isHan(text.charCodeAt(i))) continue;
    for (let n = MAX_WORD; n >= 2; n--) {
      const end = doubledAt(text, i, n);
      if (end < 0) continue;
      const word = text.slice(i, i + n);
      if (new Set(word).size === 1 || NUMERAL_START.test(word)) continue;
      out.push({ word, start: i, end });
      i = end - 1;
      break;
    }
  }
  for (const m of text.matchAll(DOUBLED_FUNCTION_WORD)) {
    const ch = m[1] ?? '';
    const start = m.index;
    const end = start + m[0].length;
    const before = text.charAt(start - 1);
    const after = text.charAt(end);
    const rule = FUNCTION_WORDS[ch];
    if (!rule || rule.before.includes(before) || rule.after.includes(after)) continue;
    // AABB: 的的确确, 是是非非, 实实在在.
    if ((after !== '' && after === text.charAt(end + 1)) || (before !== '' && before === text.charAt(start - 2))) continue;
    if (out.some((r) => r.start <= start && r.end >= end)) continue;
    out.push({ word: ch, start, end });
  }
  return out.sort((a, b) => a.start - b.start);
}
