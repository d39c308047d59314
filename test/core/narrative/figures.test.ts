import { findFigures, parseChineseNumber, type FigureUnit } from '../../../src/core/narrative/figures';

describe('parseChineseNumber', () => {
  it.each([
    ['零', 0],
    ['一', 1],
    ['两', 2],
    ['十', 10],
    ['十二', 12],
    ['二十五', 25],
    ['一百零三', 103],
    ['一千零一', 1001],
    ['两千三百', 2300],
    ['一万二千', 12000],
    ['三万', 30000],
    ['二〇二四', 2024],
  ])('reads %s as %d', (text, value) => {
    expect(parseChineseNumber(text)).toBe(value);
  });

  it.each(['', '十十a', '三四', '两三'])('gives null for %p', (text) => {
    expect(parseChineseNumber(text)).toBeNull();
  });
});

type Read = readonly [raw: string, value: number, unit: FigureUnit];

describe('findFigures: numbers with their units', () => {
  it.each<{ text: string; figures: readonly Read[] }>([
    { text: '收到申请12件', figures: [['12件', 12, '件']] },
    { text: '受理政府信息公开申请 12 件', figures: [['12 件', 12, '件']] },
    { text: '信息公开目录信息1,521条', figures: [['1,521条', 1521, '条']] },
    { text: '共收到申请１２件', figures: [['１２件', 12, '件']] },
    { text: '收费９６６９．２５２６万元', figures: [['９６６９．２５２６万元', 9669.2526, '万元']] },
    {
      text: '收到申请十二件，办结一百零三件，结转两件',
      figures: [
        ['十二件', 12, '件'],
        ['一百零三件', 103, '件'],
        ['两件', 2, '件'],
      ],
    },
    {
      text: '行政处罚2项、行政强制0项，行政事业性收费0元',
      figures: [
        ['2项', 2, '项'],
        ['0项', 0, '项'],
        ['0元', 0, '元'],
      ],
    },
    { text: '收费十万元', figures: [['十万元', 10, '万元']] },
    { text: '处理1.2万件', figures: [['1.2万件', 12000, '件']] },
    {
      text: '同比增长6.54%，回复率达到百分之百',
      figures: [
        ['6.54%', 6.54, '%'],
        ['百分之百', 100, '%'],
      ],
    },
    {
      text: '发布信息584条、267条，解读12次，案件3起，规章2部',
      figures: [
        ['584条', 584, '条'],
        ['267条', 267, '条'],
        ['12次', 12, '次'],
        ['3起', 3, '起'],
        ['2部', 2, '部'],
      ],
    },
  ])('$text', ({ text, figures }) => {
    expect(findFigures(text).map((f) => [f.raw, f.value, f.unit])).toEqual(figures);
  });

  it.each([
    ['years and dates', '2024年，统计期限自2024年1月1日起至12月31日止，2025 年 1 月 16 日'],
    ['a phone number, a fax and a postcode', '联系电话：0358-5422520，传真：0358-5427520，邮编：032400。地址：交口县龙泉街 16 号'],
    ['a document number', '国办公开办函〔2021〕30号'],
    ['list ordinals', '一是加强领导；二是完善制度。（一）主动公开；1.本机关不掌握相关政府信息'],
    ['the number of parts', '本报告包括……共计6部分，共计 6 部分，共六部分'],
    ['ordinals and words with numerals', '第三方合法权益，第一次，统一部署，一次性告知，一条龙服务，一起研究，逐一核对'],
    ['durations and percentage points', '在20个工作日内答复，提高3个百分点'],
  ])('takes no figure from %s', (_what, text) => {
    expect(findFigures(text)).toEqual([]);
  });

  it.each([
    ['约20件', true],
    ['近100件', true],
    ['100件左右', true],
    ['3至5件', true],
    ['20件', false],
  ])('%s is approximate: %p', (text, approximate) => {
    expect(findFigures(`收到申请${text}`).map((f) => f.approximate)).toEqual([approximate]);
  });
});

describe('findFigures: the phrase a figure belongs to', () => {
  const named = (text: string, year = 2024): (readonly [string, string | null])[] =>
    findFigures(text, { year }).map((f) => [f.raw, f.meaning?.name ?? null] as const);

  it.each<{ text: string; year?: number; names: readonly (readonly [string, string | null])[] }>([
    { text: '本年新收政府信息公开申请12件', names: [['12件', '收到的申请']] },
    { text: '我局收到1件政府信息公开申请', names: [['1件', '收到的申请']] },
    { text: '收到人大代表建议5件', names: [['5件', null]] },
    {
      text: '上年结转3件；办结27件，结转下年度继续办理5件',
      names: [
        ['3件', '上年结转的申请'],
        ['27件', null],
        ['5件', '结转下年度的申请'],
      ],
    },
    {
      text: '收到申请30件，上年结转3件；办结27件，结转下年度继续办理6件',
      names: [
        ['30件', '收到的申请'],
        ['3件', '上年结转的申请'],
        ['27件', '办结的申请'],
        ['6件', '结转下年度的申请'],
      ],
    },
    {
      text: '办结申请177件（含2023年结转的3件），结转至2025年9件',
      names: [
        ['177件', '办结的申请'],
        ['3件', '上年结转的申请'],
        ['9件', '结转下年度的申请'],
      ],
    },
    {
      text: '办结申请177件（含2022年结转的3件）',
      names: [
        ['177件', '办结的申请'],
        ['3件', null],
      ],
    },
    {
      text: '申请中予以公开60件，部分公开51件，不予公开4件，无法提供30件、不予处理3件，其他处理29件',
      names: [
        ['60件', '予以公开'],
        ['51件', '部分公开'],
        ['4件', '不予公开'],
        ['30件', '无法提供'],
        ['3件', '不予处理'],
        ['29件', '其他处理'],
      ],
    },
    { text: '予以公开、部分公开共258件', names: [['258件', '予以公开及部分公开']] },
    {
      text: '因政府信息公开被申请行政复议3件（结果维持1件、尚未审结2件），被提起行政诉讼2件（未经复议直接起诉1件、复议后起诉1件）',
      names: [
        ['3件', '行政复议'],
        ['1件', '行政复议（结果维持）'],
        ['2件', '行政复议（尚未审结）'],
        ['2件', '行政诉讼'],
        ['1件', '未经复议直接起诉'],
        ['1件', '复议后起诉'],
      ],
    },
    {
      text: '全年办理行政复议案件356件，结果维持300件',
      names: [
        ['356件', null],
        ['300件', null],
      ],
    },
    {
      text: '收到行政许可申请500件，答复网民留言120条，全年主动予以公开政府信息1200条',
      names: [
        ['500件', null],
        ['120条', null],
        ['1200条', null],
      ],
    },
    {
      text: '制发规章2件，废止1件，现行有效15件',
      names: [
        ['2件', '规章（制发）'],
        ['1件', '规章（废止）'],
        ['15件', '规章（现行有效）'],
      ],
    },
    {
      text: '公开行政许可事项清单120项，作出行政许可决定1939件',
      names: [
        ['120项', null],
        ['1939件', '行政许可决定'],
      ],
    },
    { text: '行政许可2022年处理决定数量450项', year: 2022, names: [['450项', '行政许可决定']] },
    { text: '行政许可2022年处理决定数量450项', year: 2024, names: [['450项', null]] },
    { text: '收取行政事业性收费9669.2526万元', names: [['9669.2526万元', '行政事业性收费']] },
    {
      text: '发出收费通知2件，金额共计300元，实际收取信息处理费100元',
      names: [
        ['2件', '收费通知'],
        ['300元', '收费通知金额'],
        ['100元', '信息处理费'],
      ],
    },
    { text: '依据《政府信息公开信息处理费管理办法》执行，收取费用0元', names: [['0元', null]] },
    {
      text: '予以公开60件，占办结总数的33.9%，回复率100%，申请量同比增长6.54%',
      names: [
        ['60件', '予以公开'],
        ['33.9%', '占比'],
        ['100%', '答复率'],
        ['6.54%', '同比变化'],
      ],
    },
    { text: '按时答复率100%', names: [['100%', null]] },
  ])('$text', ({ text, year, names }) => {
    expect(named(text, year)).toEqual(names);
  });

  it('gives the words before the figure within its clause', () => {
    expect(findFigures('2024年，我县共受理政府信息公开申请 12 件。').map((f) => f.phrase)).toEqual(['我县共受理政府信息公开申请']);
  });
});
