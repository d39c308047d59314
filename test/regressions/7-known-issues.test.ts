import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import type { Finding } from '../../src/core/rules/evaluate';
import { build } from '../bad-input/build';
import { BAD_CASES } from '../fixtures/bad/cases';

/**
 * Issue 7: the corpus's three known issues, fixed. Each bad input now gives exactly one finding, on the
 * cell and with the fix in Chinese, and nothing else: no total checked on a figure that is not one.
 */

const dir = mkdtempSync(join(tmpdir(), 'nianbao-7-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function findings(id: string): Promise<Finding[]> {
  const c = BAD_CASES.find((b) => b.id === id);
  if (!c) throw new Error(`no corpus case ${id}`);
  const built = await build(c, dir);
  const out: string[] = [];
  await main(['validate', ...built.args, '--json'], { out: (t) => out.push(t), err: () => undefined });
  return (JSON.parse(out.join('')) as { findings: Finding[] }).findings;
}

const brief = (f: Finding): [string, string, string, string | undefined] => [f.rule, f.severity, f.cells[0] ?? '', f.address];

describe('issue 7: no known issue left in the bad-input corpus', () => {
  it('has no case marked knownIssue', () => {
    expect(BAD_CASES.filter((c) => c.knownIssue !== undefined).map((c) => c.id)).toEqual([]);
  });

  it.each(['json-cell/huge-1e15', 'json-cell/huge-99999999999', 'xlsx-cell/huge-1e20'])(
    '%s: one cell.notNumber, 数字过大, nothing else',
    async (id) => {
      const all = await findings(id);

      expect(all.map((f) => [f.rule, f.severity, f.cells])).toEqual([['cell.notNumber', 'error', ['T2.license.decisions']]]);
      expect(all[0]!.message).toContain('表二“行政许可”为');
      expect(all[0]!.message).toContain('数字过大（件数不可能达到 10 亿件），请核对是否多输了位数或粘贴了其他内容');
    },
  );

  it('json-cell/t3-huge: a huge 表三 figure is one finding, its row and column totals not checked on it', async () => {
    expect((await findings('json-cell/t3-huge')).map((f) => [f.rule, f.cells[0]])).toEqual([['cell.notNumber', 'T3.new.natural']]);
  });

  it('xlsx-cell/date-formatted: one cell.notNumber at the cell, saying what it shows and how to fix the format', async () => {
    const all = await findings('xlsx-cell/date-formatted');

    expect(all.map(brief)).toEqual([['cell.notNumber', 'error', 'T2.license.decisions', '年报!G25']]);
    expect(all[0]!.message).toBe(
      '表二“行政许可”显示为日期（2025/1/1），单元格被设成了日期格式（实际存的是 45658），未计入合计。件数应为普通数字：请把该单元格的格式改为“常规”或“数值”，再核对数字。',
    );
  });

  it('xlsx-paste/insertRowInsideT3Stale: one F.missingRow saying the rows shifted, and no balance error from the shifted figures', async () => {
    const all = await findings('xlsx-paste/insertRowInsideT3Stale');

    expect(all.map(brief)).toEqual([['F.missingRow', 'error', 'T3.withheld4.natural', '年报!I45']]);
    expect(all[0]!.message).toBe(
      '表三的行与模板定位信息错开了：表三“保护第三方合法权益”行“自然人”列应在 年报!I45，但它旁边的“4.保护第三方合法权益”现在下移了 1 行（插入或删除了行，但模板的定位信息没有随之更新）。' +
        '表三的 126 格、表四的 15 格因此无法按位置读取，未参与校验。请用加载项的“修复”恢复表格结构，或重新生成模板后填回数字。',
    );
  });
});
