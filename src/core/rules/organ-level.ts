import type { OrganLevel } from '../report/types';

/** The organ levels of 基本信息, with the label the sheet's drop-down shows. */
export const ORGAN_LEVELS: readonly { readonly key: OrganLevel; readonly label: string; readonly mayMakeRegulations: boolean }[] = [
  { key: 'state', label: '国务院部门', mayMakeRegulations: true },
  { key: 'province', label: '省级人民政府', mayMakeRegulations: true },
  { key: 'city', label: '设区的市、自治州人民政府', mayMakeRegulations: true },
  { key: 'county', label: '县级人民政府', mayMakeRegulations: false },
  { key: 'township', label: '乡镇人民政府、街道办事处', mayMakeRegulations: false },
  { key: 'department', label: '政府部门及其他机关', mayMakeRegulations: false },
];

/** Words that place an organ below the State Council: 国家税务总局交口县税务局 is a county bureau. */
const LOCAL_MARKERS: readonly string[] = ['省', '市', '县', '区', '州', '旗', '盟', '乡', '镇', '街道'];

/**
 * How an organ's level is guessed from its name when 基本信息 does not say: the first matching
 * pattern wins. `…市人民政府` is left unguessed (设区的市 or 县级市).
 */
export const ORGAN_NAME_PATTERNS: readonly {
  readonly level: OrganLevel;
  readonly prefixes?: readonly string[];
  readonly suffixes?: readonly string[];
  /** The pattern does not apply to a name containing any of these (a local branch of a national organ). */
  readonly unless?: readonly string[];
}[] = [
  { level: 'state', prefixes: ['国务院', '国家'], unless: LOCAL_MARKERS },
  { level: 'township', suffixes: ['街道办事处', '乡人民政府', '镇人民政府', '苏木人民政府', '乡政府', '镇政府'] },
  { level: 'province', suffixes: ['省人民政府', '自治区人民政府'] },
  { level: 'city', suffixes: ['自治州人民政府'] },
  { level: 'county', suffixes: ['县人民政府', '旗人民政府', '区人民政府', '县政府', '区政府'] },
  { level: 'state', suffixes: ['部'], unless: LOCAL_MARKERS },
  { level: 'department', suffixes: ['局', '厅', '委', '办', '办公室', '委员会', '中心'] },
];

/**
 * The blanks JavaScript's `trim()` strips besides the space: in an organ's name or level they count as
 * spaces. The evaluator (`organText`) and the sheet's formula (`compileOrganText`) both read this list.
 */
export const ORGAN_TEXT_BLANKS: readonly string[] = [
  '\t', '\n', '\v', '\f', '\r', '\u00a0', '\u1680',
  ...Array.from({ length: 11 }, (_, i) => String.fromCharCode(0x2000 + i)),
  '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff',
];

/**
 * An organ's name or level as the sheet reads it: every blank a space, then a spreadsheet's TRIM (no
 * spaces at either end, single spaces inside), so that `某县人民政府` followed by a full-width space is a county.
 */
export function organText(text: string): string {
  let s = text;
  for (const blank of ORGAN_TEXT_BLANKS) if (s.includes(blank)) s = s.split(blank).join(' ');
  return s.replace(/ {2,}/g, ' ').replace(/^ | $/g, '');
}

/** A level from its key (any case, as a spreadsheet compares text) or its drop-down label; `null` for anything else. */
export function parseOrganLevel(value: unknown): OrganLevel | null {
  if (typeof value !== 'string') return null;
  const text = organText(value);
  return ORGAN_LEVELS.find((l) => l.key.toLowerCase() === text.toLowerCase() || l.label === text)?.key ?? null;
}

/** Guess the level from the organ's name, or `null` when the name does not tell. */
export function guessOrganLevel(name: string): OrganLevel | null {
  const n = organText(name);
  for (const p of ORGAN_NAME_PATTERNS) {
    if (p.unless?.some((x) => n.includes(x))) continue;
    if (p.prefixes?.some((x) => n.startsWith(x)) || p.suffixes?.some((x) => n.endsWith(x))) return p.level;
  }
  return null;
}

export function organLevelLabel(level: OrganLevel): string {
  return ORGAN_LEVELS.find((l) => l.key === level)?.label ?? level;
}

export function mayMakeRegulations(level: OrganLevel): boolean {
  return ORGAN_LEVELS.find((l) => l.key === level)?.mayMakeRegulations ?? true;
}
