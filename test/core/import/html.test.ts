import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { htmlToDocument, scanMarkup } from '../../../src/core/import/html';
import type { PublishedBlock, PublishedDocument, TableBlock } from '../../../src/core/import/published/document';
import type { ReportData } from '../../../src/core/report/types';
import { decodeText } from '../../../src/import/report-file';
import { seeded } from '../../support/reports';
import { endToEnd } from '../../hosts/docx/end-to-end';

/*
 * The web-page reader: a county government's page (tests/fixtures/published/html/jiaokou-2024.html, the
 * figures of samples/jiaokou-2024.json with its one blank cell filled) read into paragraphs and tables,
 * the site's chrome left out; small pages for each rule; a 50 MB page and pathological nesting for time.
 */

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'published', 'html');
const PAGE = readFileSync(join(FIXTURES, 'jiaokou-2024.html'), 'utf8');
const SOURCE = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'jiaokou-2024.json'), 'utf8')) as ReportData;
/** The figures the fixture prints: the sample's, its blank 四、结转 cell written 0 so that it validates clean. */
const FIGURES: ReportData = { ...SOURCE, cells: { ...SOURCE.cells, 'T3.carryForward.commercial': 0 } };

const tables = (doc: PublishedDocument): TableBlock[] => doc.blocks.filter((b): b is TableBlock => b.kind === 'table');
const texts = (doc: PublishedDocument): string[] =>
  doc.blocks.flatMap((b) => (b.kind === 'table' ? b.rows.flatMap((r) => r.map((c) => c.text)) : [b.text]));
const para = (text: string, heading?: number): PublishedBlock =>
  heading === undefined ? { kind: 'paragraph', text } : { kind: 'paragraph', text, heading };
const cell = (text: string, colSpan = 1, rowSpan = 1) => ({ text, colSpan, rowSpan });
const table = (...rows: ReturnType<typeof cell>[][]): PublishedBlock => ({ kind: 'table', rows });

describe('htmlToDocument on a county government page', () => {
  const doc = htmlToDocument(PAGE);
  const [t2, t3, t4] = tables(doc);

  it('keeps the report and drops the page chrome: header, nav, breadcrumb, sidebar, share bar, toolbar, footer, scripts', () => {
    expect(doc.source).toBe('html');
    expect(doc.blocks[0]).toEqual(para('交口县人民政府2024年政府信息公开工作年度报告', 1));
    const all = texts(doc).join('\n');
    for (const chrome of [
      '今天是',
      '无障碍浏览',
      '搜索',
      '首页',
      '当前位置',
      '2023年政府信息公开工作年度报告',
      '分享到',
      '打印本页',
      '网站标识码',
      'ICP备',
      '版权所有',
      '不应出现',
      'document.write',
      '_hmt',
    ]) {
      expect(all).not.toContain(chrome);
    }
    expect(doc.blocks.at(-1)).toEqual(para('2025年1月16日'));
  });

  it('keeps the six section headings and the narrative in reading order', () => {
    const paragraphs = doc.blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : []));
    const headings = [
      '一、总体情况',
      '二、主动公开政府信息情况',
      '三、收到和处理政府信息公开申请情况',
      '四、政府信息公开行政复议、行政诉讼情况',
      '五、存在的主要问题及改进情况',
      '六、其他需要报告的事项',
    ];
    expect(headings.map((h) => paragraphs.indexOf(h))).toEqual([...headings.map((h) => paragraphs.indexOf(h))].sort((a, b) => a - b));
    expect(headings.every((h) => paragraphs.includes(h))).toBe(true);
    expect(paragraphs).toContain(
      '2024年，交口县人民政府在吕梁市委、市政府和交口县委的坚强领导下，坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》及中央、省、市政务信息公开工作有关要求，有效推进政府信息公开工作。',
    );
    // Tables sit right after their section headings.
    const after = (heading: string) => doc.blocks[doc.blocks.findIndex((b) => b.kind === 'paragraph' && b.text === heading) + 1]?.kind;
    expect([
      after('二、主动公开政府信息情况'),
      after('三、收到和处理政府信息公开申请情况'),
      after('四、政府信息公开行政复议、行政诉讼情况'),
    ]).toEqual(['table', 'table', 'table']);
    expect(tables(doc)).toHaveLength(3);
  });

  it('records the spans of table 三 and leaves the cells a rowspan covers out of the rows below', () => {
    expect(t3!.rows.slice(0, 3)).toEqual([
      [cell('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', 3, 3), cell('申请人情况', 7)],
      [cell('自然人', 1, 2), cell('法人或其他组织', 5), cell('总计', 1, 2)],
      [cell('商业\n企业'), cell('科研\n机构'), cell('社会公\n益组织'), cell('法律服\n务机构'), cell('其他')],
    ]);
    expect(t3!.rows[3]![0]).toEqual(cell('一、本年新收政府信息公开申请数量', 3));
    expect(t3!.rows[5]!.slice(0, 2)).toEqual([cell('三、本年度办理结果', 1, 22), cell('（一）予以公开', 2)]);
    expect(t3!.rows[7]!.slice(0, 2)).toEqual([cell('（三）不予公开', 1, 8), cell('1.属于国家秘密')]);
    // Under the rowspans: the label and the seven values only.
    expect(t3!.rows[8]!.map((c) => c.text)).toEqual(['2.其他法律行政法规禁止公开', '0', '0', '0', '0', '0', '0', '0']);
    expect(t3!.rows[24]![0]!.text).toBe('2.申请人逾期未按收费通知要求缴纳费用、\n行政机关不再处理其政府信息公开申请');
    expect(t3!.rows).toHaveLength(28);
  });

  it('prints every figure of table 三 in its row, `&nbsp;` around a figure and empty cells read as spaces trimmed', () => {
    const keys = [
      'new',
      'carried',
      'disclosed',
      'partial',
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => `withheld${i}`),
      'unable1',
      'unable2',
      'unable3',
    ];
    keys.push(...[1, 2, 3, 4, 5].map((i) => `rejected${i}`), 'other1', 'other2', 'other3', 'total', 'carryForward');
    const columns = ['natural', 'commercial', 'research', 'nonprofit', 'legal', 'otherOrg', 'total'];
    const printed = t3!.rows.slice(3).map((row) => row.slice(-7).map((c) => c.text));
    expect(printed).toEqual(keys.map((k) => columns.map((c) => String(FIGURES.cells[`T3.${k}.${c}`]))));
    expect(t2!.rows.find((r) => r[0]!.text === '行政许可')).toEqual([cell('行政许可'), cell('1939'), cell(''), cell('')]);
    expect(t2!.rows[0]).toEqual([cell('第二十条第（一）项', 4)]);
  });

  it('reads table 四 under its three header levels', () => {
    const label = ['结果\n维持', '结果\n纠正', '其他\n结果', '尚未\n审结', '总计'];
    expect(t4!.rows).toEqual([
      [cell('行政复议', 5), cell('行政诉讼', 10)],
      [...label.map((l) => cell(l, 1, 2)), cell('未经复议直接起诉', 5), cell('复议后起诉', 5)],
      [...label, ...label].map((l) => cell(l)),
      ['review', 'suitDirect', 'suitAfterReview'].flatMap((g) =>
        ['upheld', 'corrected', 'other', 'pending', 'total'].map((c) => cell(String(FIGURES.cells[`T4.${g}.${c}`]))),
      ),
    ]);
  });
});

describe('htmlToDocument, rule by rule', () => {
  it.each<[string, string, PublishedBlock[]]>([
    [
      'decodes entities, `&nbsp;` as a space',
      '<p>A&nbsp;&amp;&nbsp;B &lt;C&gt; &#20013;&#x6587; &quot;x&quot; &copy;</p>',
      [para('A & B <C> 中文 "x" ©')],
    ],
    [
      'flattens nested inline tags',
      '<p>一、<span style="x"><b>总<i>体</i></b><font color=red>情况</font></span></p>',
      [para('一、总体情况')],
    ],
    [
      'joins a line wrapped in the source between Chinese characters, keeps a space between words',
      '<p>政府信息\n    公开 工作\nreport\nfile</p>',
      [para('政府信息公开 工作 report file')],
    ],
    [
      'trims full-width indentation and collapses white space',
      '<p>\u3000\u30002024年，  本机关\t收到申请。\u3000</p>',
      [para('2024年， 本机关 收到申请。')],
    ],
    [
      'makes each line split by `<br>` its own paragraph outside tables',
      '<div>第一行<br>第二行<br/><br>第三行</div>',
      [para('第一行'), para('第二行'), para('第三行')],
    ],
    [
      'joins a heading wrapped with `<br>`',
      '<h1>交口县人民政府<br>2024年政府信息公开工作年度报告</h1>',
      [para('交口县人民政府2024年政府信息公开工作年度报告', 1)],
    ],
    [
      'takes heading levels from h1–h6',
      '<h2>一、总体情况</h2><h3>（一）主动公开</h3><h6>小</h6>',
      [para('一、总体情况', 2), para('（一）主动公开', 3), para('小', 6)],
    ],
    [
      'takes a centred bold short line for a heading, not a centred plain one',
      '<p align="center"><strong>某县2024年政府信息公开工作年度报告</strong></p><p style="text-align: center">居中的普通文字</p><div style="text-align:center;font-weight:bold">加粗居中</div>',
      [para('某县2024年政府信息公开工作年度报告', 1), para('居中的普通文字'), para('加粗居中', 1)],
    ],
    [
      'makes paragraphs of list items and divs',
      '<ul><li>甲</li><li>乙<li>丙</ul><div>丁<div>戊</div>己</div>',
      [para('甲'), para('乙'), para('丙'), para('丁'), para('戊'), para('己')],
    ],
    [
      'never reads what is not shown',
      '<script>var a = "<p>脚本</p>";</script><style>p{}</style><noscript><p>无脚本</p></noscript><template><p>模板</p></template><iframe src=x>框架</iframe><select><option>选项</option></select><button>按钮</button><textarea><p>文本框</p></textarea><p>正文</p>',
      [para('正文')],
    ],
    [
      'survives a script that writes closing tags',
      '<div id="main"><script>document.write("</div></table></td>")</script><p>正文</p></div>',
      [para('正文')],
    ],
    [
      'joins paragraphs and `<br>` in a cell with \\n',
      '<table><tr><td><p>商业</p><p>企业</p></td><td>a<br>b<br><br>c</td><td><p>&nbsp;</p></td></tr><tr><td>1</td><td>2</td><td>3</td></tr></table>',
      [table([cell('商业\n企业'), cell('a\nb\nc'), cell('')], [cell('1'), cell('2'), cell('3')])],
    ],
    [
      'closes cells and rows that the page leaves open',
      '<table><tr><td>a<td>b<tr><th>c<td>d</table>',
      [table([cell('a'), cell('b')], [cell('c'), cell('d')])],
    ],
    [
      'reads a cell opened inside an unclosed inline tag',
      '<table><tr><td><span>a<td>b</span></td></tr><tr><td>c</td><td>d</td></tr></table>',
      [table([cell('a'), cell('b')], [cell('c'), cell('d')])],
    ],
    [
      'records spans as written, rowspan="0" to the end of the table, nonsense as 1',
      '<table><tr><td rowspan="0">a</td><td colspan="x">b</td><td colspan=" 2 ">c</td></tr><tr><td>d</td><td>e</td></tr><tr><td>f</td><td>g</td></tr></table>',
      [table([cell('a', 1, 3), cell('b'), cell('c', 2)], [cell('d'), cell('e')], [cell('f'), cell('g')])],
    ],
    [
      'puts a caption before its table',
      '<table><caption>表三</caption><tr><td>a</td><td>b</td></tr></table>',
      [para('表三'), table([cell('a'), cell('b')])],
    ],
    [
      // A table holding a table lays the page out: its cells' text becomes paragraphs, the inner table a table block.
      'dissolves a layout table around a nested table',
      '<table><tr><td><h1>标题</h1><p>正文</p><table><tr><td>a</td><td>b</td></tr></table><p>后文</p></td></tr></table>',
      [para('标题', 1), para('正文'), table([cell('a'), cell('b')]), para('后文')],
    ],
    ['reads a one-cell table as paragraphs', '<table><tr><td><p>甲</p><p>乙</p></td></tr></table>', [para('甲'), para('乙')]],
    [
      'reads the report out of a page-wide `<form>` and its title out of the article’s own `<header>`',
      '<form id="form1"><article><header><h1>某县2024年政府信息公开工作年度报告</h1></header><p>一、总体情况</p><p>正文</p></article></form>',
      [para('某县2024年政府信息公开工作年度报告', 1), para('一、总体情况'), para('正文')],
    ],
    [
      'keeps only the element that holds the title and the sections, leaving the links after it',
      '<div><div class="art"><h2>某县2024年政府信息公开工作年度报告</h2><p>一、总体情况</p><p>正文</p><p>六、其他需要报告的事项</p></div><div class="links"><p>相关链接</p><p>某县2023年政府信息公开工作年度报告</p></div></div>',
      [para('某县2024年政府信息公开工作年度报告', 2), para('一、总体情况'), para('正文'), para('六、其他需要报告的事项')],
    ],
    [
      'keeps everything when no report is recognised, chrome aside',
      '<div class="nav">导航</div><p>一段文字</p><div id="footer">页脚</div>',
      [para('一段文字')],
    ],
    [
      'leads with the title from `<title>` when the body does not print it',
      '<html><head><title>某县2024年政府信息公开工作年度报告_某县人民政府</title></head><body><p>一、总体情况</p></body></html>',
      [para('某县2024年政府信息公开工作年度报告', 1), para('一、总体情况')],
    ],
    ['reads plain text without tags', '一、总体情况', [para('一、总体情况')]],
    ['reads nothing from nothing', '', []],
    ['reads unbalanced markup without throwing', '</div></td></table><td>x</p><p><b><i>y</b></i>', [para('x'), para('y')]],
    ['joins a wrapped heading with a space between words', '<h2>Annual<br>report</h2>', [para('Annual report', 2)]],
  ])('%s', (_title, html, expected) => {
    expect(htmlToDocument(html).blocks).toEqual(expected);
  });

  it('returns an empty document for binary garbage and never throws on random bytes', () => {
    const random = seeded(7);
    const png = new Uint8Array(4096).map((_, i) =>
      i < 8 ? [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a][i]! : i % 3 === 0 ? 0 : Math.floor(random() * 256),
    );
    expect(htmlToDocument(decodeText(png))).toEqual({ source: 'html', blocks: [] });
    for (let n = 0; n < 50; n++) {
      const bytes = new Uint8Array(2000).map(() => Math.floor(random() * 256));
      // Some '<' and '&' so that the tokenizer meets tags and entities.
      for (let i = 0; i < bytes.length; i += 17) bytes[i] = [0x3c, 0x26, 0x3e, 0x2f][i % 4]!;
      expect(() => htmlToDocument(decodeText(bytes))).not.toThrow();
    }
  });
});

describe('htmlToDocument on large and hostile pages', () => {
  /** The fixture's report inside `extra` of page chrome. */
  const bloat = (megabytes: number): string => {
    const parts: string[] = [];
    let size = 0;
    const push = (s: string): void => {
      parts.push(s);
      size += s.length;
    };
    push('<html><head><script>');
    const line = 'var x = "<div>" + 1 < 2 && document.write("</table>");\n';
    while (size < megabytes * 0.2 * 1024 * 1024) push(line);
    push('</script></head><body><div class="sidebar"><ul>');
    let i = 0;
    while (size < megabytes * 0.6 * 1024 * 1024)
      push(
        `<li><a href="/xxgk/${i}.html" title="某县人民政府2021年政府信息公开工作年度报告">某县人民政府关于第${i++}号文件的通知</a><span>2024-01-01</span></li>\n`,
      );
    push('</ul></div>');
    push(PAGE.slice(PAGE.indexOf('<div class="article">'), PAGE.indexOf('<div class="footer"')));
    push('<div class="footer"><img src="data:image/png;base64,');
    const base64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg'.repeat(64);
    while (size < megabytes * 1024 * 1024) push(base64);
    push('"></div></body></html>');
    return parts.join('');
  };

  it('reads a 50 MB page in a few seconds and finds the report in it', () => {
    const html = bloat(50);
    expect(html.length).toBeGreaterThanOrEqual(50 * 1024 * 1024);
    const started = Date.now();
    const doc = htmlToDocument(html);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(15_000);
    expect(tables(doc)).toEqual(tables(htmlToDocument(PAGE)));
    expect(doc.blocks.length).toBeLessThan(100);
    console.log(`50 MB page read in ${elapsed} ms`);
  });

  it.each([
    ['100 000 unclosed <font> tags', '<font>x'.repeat(100_000)],
    ['100 000 nested <div> elements', '<div>'.repeat(100_000) + '正文' + '</div>'.repeat(100_000)],
    ['100 000 stray closing tags', '<div>' + '</span></td>'.repeat(100_000)],
    ['100 000 nested tables', '<table><tr><td>'.repeat(100_000) + 'x'],
    ['a layout table holding 200 000 paragraphs', `<table><tr><td>${'<p>一段正文</p>'.repeat(200_000)}</td></tr></table>`],
  ])('stays linear on %s', (_what, hostile) => {
    const started = Date.now();
    const doc = htmlToDocument(`${hostile}${PAGE}`);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(doc.blocks.length).toBeGreaterThan(0);
  });
});

describe('scanMarkup', () => {
  it('reports balanced open and close events with decoded attributes', () => {
    const events: string[] = [];
    scanMarkup('<P Class="a&amp;b" id=x class="dup"><BR>t&lt;<img src=y></p></q>', false, {
      open: (name, attribs) => events.push(`<${name} ${JSON.stringify(attribs)}>`),
      close: (name) => events.push(`</${name}>`),
      text: (text) => events.push(text),
    });
    expect(events).toEqual(['<p {"class":"a&b","id":"x"}>', '<br {}>', '</br>', 't', '<', '<img {"src":"y"}>', '</img>', '</p>']);
  });

  it('in XML mode keeps case, closes self-closing tags and reads CDATA as text', () => {
    const events: string[] = [];
    scanMarkup('<w:p a="1"><w:br/><w:t><![CDATA[x<y]]>&amp;</w:t></w:p>', true, {
      open: (name) => events.push(`<${name}>`),
      close: (name) => events.push(`</${name}>`),
      text: (text) => events.push(text),
    });
    expect(events).toEqual(['<w:p>', '<w:br>', '</w:br>', '<w:t>', 'x<y', '&', '</w:t>', '</w:p>']);
  });
});

describe('decodeText reads a saved page in its charset', () => {
  it('reads a GBK page declaring gb2312 as the UTF-8 page it was made from', () => {
    const gbk = readFileSync(join(FIXTURES, 'jiaokou-2024-gbk.html'));
    expect(decodeText(gbk)).toBe(PAGE.replace('charset=utf-8', 'charset=gb2312'));
    expect(tables(htmlToDocument(decodeText(gbk)))).toEqual(tables(htmlToDocument(PAGE)));
  });

  it('reads a page in the Big5 it declares', () => {
    const big5 = Buffer.from(
      '3c68746d6c3e3c686561643e3c6d65746120636861727365743d2262696735223e3c2f686561643e3c626f64793e3c703eac46a9b2b8eab054a4bdb67da475a740a67eabd7b3f8a7693c2f703e3c2f626f64793e3c2f68746d6c3e',
      'hex',
    );
    expect(htmlToDocument(decodeText(big5)).blocks).toEqual([para('政府資訊公開工作年度報告')]);
  });

  it('reads UTF-8 as UTF-8 whatever the page declares', () => {
    const bytes = new TextEncoder().encode('<meta charset="gb2312"><p>政府信息公开</p>');
    expect(htmlToDocument(decodeText(bytes)).blocks).toEqual([para('政府信息公开')]);
  });
});

describe('a saved page read end to end', () => {
  endToEnd('jiaokou-2024.html', () => readFileSync(join(FIXTURES, 'jiaokou-2024.html')), FIGURES);
  endToEnd('jiaokou-2024-gbk.html', () => readFileSync(join(FIXTURES, 'jiaokou-2024-gbk.html')), FIGURES);
});
