import { generateDocument } from '../../../src/core/narrative/generate';
import { documentToMarkdown, tableMarkdown } from '../../../src/core/narrative/markdown';
import { validReport2019 } from '../../fixtures/rules/reports';
import { jiaokou } from '../../support/reports';

describe('documentToMarkdown', () => {
  const data = jiaokou();
  const md = documentToMarkdown(generateDocument(data), data);

  it('writes the title, the six sections and the sub-headings of 一 as Markdown headings', () => {
    expect(md.split('\n').filter((l) => l.startsWith('#'))).toMatchInlineSnapshot(`
     [
       "# 交口县人民政府2024年政府信息公开工作年度报告",
       "## 一、总体情况",
       "### （一）主动公开",
       "### （二）依申请公开",
       "### （三）政府信息管理",
       "### （四）政府信息公开平台建设",
       "### （五）监督保障",
       "## 二、主动公开政府信息情况",
       "## 三、收到和处理政府信息公开申请情况",
       "## 四、政府信息公开行政复议、行政诉讼情况",
       "## 五、存在的主要问题及改进情况",
       "## 六、其他需要报告的事项",
     ]
    `);
  });

  it('renders each table from the data with the official labels', () => {
    expect(md).toContain('| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |');
    expect(md).toContain('| 行政事业性收费 | 9669.2526 |  |  |');
    expect(md).toContain('| 三、本年度办理结果 | （一）予以公开 |  | 12 | 0 | 0 | 0 | 0 | 0 | 12 |');
    // The blank cell of the sample stays blank: the table shows the data as it is.
    expect(md).toContain('| 四、结转下年度继续办理 |  |  | 0 |  | 0 | 0 | 0 | 0 | 0 |');
    expect(tableMarkdown('T4', data)).toMatchInlineSnapshot(`
     "| 行政复议 |  |  |  |  | 行政诉讼 |  |  |  |  |  |  |  |  |  |
     | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
     | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 |  |  |  |  | 复议后起诉 |  |  |  |  |
     |  |  |  |  |  | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
     | 0 | 1 | 2 | 0 | 3 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"
    `);
  });

  it('ends with the signature and the date', () => {
    expect(md.trimEnd().split('\n\n').slice(-2)).toEqual(['交口县人民政府办公室', '2025年1月16日']);
  });

  it("escapes what Markdown would read as markup and splits a cell's lines into paragraphs", () => {
    const doc = generateDocument(data);
    const edited = {
      ...doc,
      blocks: doc.blocks.map((b) =>
        b.id === 's5.problems' ? { ...b, text: '一是*重点*不突出；\n1. 公开不及时 | 待改进', source: 'clerk' as const } : b,
      ),
    };
    expect(documentToMarkdown(edited, data)).toContain('一是\\*重点\\*不突出；\n\n1\\. 公开不及时 | 待改进');
  });

  it('renders a 2019-format table 二 with its own columns', () => {
    expect(tableMarkdown('T2', validReport2019())).toContain('| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |');
  });
});
