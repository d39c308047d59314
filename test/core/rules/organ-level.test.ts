import type { OrganLevel } from '../../../src/core/report/types';
import { ORGAN_LEVELS, guessOrganLevel, mayMakeRegulations, organLevelLabel, parseOrganLevel } from '../../../src/core/rules/organ-level';

describe('parseOrganLevel', () => {
  it.each(ORGAN_LEVELS.map((l) => [l.key, l.label] as const))('reads %s from its key and from its label %s', (key, label) => {
    expect(parseOrganLevel(key)).toBe(key);
    expect(parseOrganLevel(label)).toBe(key);
    expect(parseOrganLevel(` ${label}\u3000`)).toBe(key);
    expect(organLevelLabel(key)).toBe(label);
  });

  it.each([null, undefined, 3, '', '县里', '市级'])('reads %p as no level', (value) => {
    expect(parseOrganLevel(value)).toBeNull();
  });
});

describe('guessOrganLevel', () => {
  it.each<[string, OrganLevel | null]>([
    ['交口县人民政府', 'county'],
    ['某自治县人民政府', 'county'],
    ['某旗人民政府', 'county'],
    ['某市某区人民政府', 'county'],
    ['某县政府', 'county'],
    ['某镇人民政府', 'township'],
    ['某乡人民政府', 'township'],
    ['某苏木人民政府', 'township'],
    ['某街道办事处', 'township'],
    ['某省人民政府', 'province'],
    ['某自治区人民政府', 'province'],
    ['某自治州人民政府', 'city'],
    ['国务院办公厅', 'state'],
    ['国家统计局', 'state'],
    ['商务部', 'state'],
    ['国家税务总局交口县税务局', 'department'],
    ['国家税务总局山西省税务局', 'department'],
    ['某县委宣传部', null],
    ['某县教育局', 'department'],
    ['某省教育厅', 'department'],
    ['某市发展和改革委员会', 'department'],
    ['某市人民政府办公室', 'department'],
    ['某县政务服务中心', 'department'],
    ['某市人民政府', null],
    ['某某公司', null],
    ['', null],
  ])('guesses %s as %p', (name, level) => {
    expect(guessOrganLevel(name)).toBe(level);
  });

  it('ignores blanks around the name', () => {
    expect(guessOrganLevel(' 某县人民政府\u3000')).toBe('county');
  });
});

describe('mayMakeRegulations', () => {
  it('allows 规章 only for 国务院部门, 省级 and 设区的市/自治州 governments', () => {
    expect(ORGAN_LEVELS.filter((l) => mayMakeRegulations(l.key)).map((l) => l.key)).toEqual(['state', 'province', 'city']);
  });
});
