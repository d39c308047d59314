import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { buildTemplate } from '../../src/core/layout/template';
import type { ReportData } from '../../src/core/report/types';
import { tableFingerprint } from '../../src/core/signoff';
import { writeWorkbook } from '../../src/hosts/xlsx/write';
import { validReport2021 } from '../fixtures/rules/reports';
import { convertWithLibreOffice, libreOfficeAvailable } from '../support/libreoffice';

const FINGERPRINT = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
const dir = mkdtempSync(join(tmpdir(), 'nianbao-fingerprint-'));

async function workbook(name: string, data: ReportData): Promise<string> {
  const file = join(dir, name);
  writeFileSync(file, await writeWorkbook(buildTemplate({ data }).plan));
  return file;
}

async function run(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out, err };
}

describe('nianbao validate --fingerprint', () => {
  const data = validReport2021();

  it('prints `FILE  指纹：XXXX-XXXX-XXXX` per file: the fingerprint of the table values, as the 审核单 shows it', async () => {
    const file = await workbook('年报.xlsx', data);
    const changed = await workbook('改过.xlsx', { ...data, cells: { ...data.cells, 'T3.new.natural': 11, 'T3.disclosed.natural': 11 } });

    const { code, out, err } = await run('validate', '--fingerprint', file, changed);

    expect(err).toEqual([]);
    expect(out).toHaveLength(2);
    expect(out[0]).toBe(`${file}  指纹：${tableFingerprint(data)}`);
    expect(out[1]).toMatch(new RegExp(`^${changed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}  指纹：[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$`));
    expect(out[1]).not.toContain(tableFingerprint(data));
    expect(code).toBe(1); // the changed copy breaks a rule: the exit code is still validate's
  });

  it('gives a workbook and the report data it was filled from the same fingerprint', async () => {
    const json = join(dir, '数据.json');
    writeFileSync(json, JSON.stringify(data));
    const xlsx = await workbook('填好的.xlsx', data);

    const { out } = await run('validate', '--fingerprint', json, xlsx);

    expect(out.map((l) => l.split('指纹：')[1])).toEqual([tableFingerprint(data), tableFingerprint(data)]);
  });

  it('adds "fingerprint" to each --json object (null for a file that cannot be read), and only when asked', async () => {
    const file = await workbook('json.xlsx', data);
    const missing = join(dir, '不存在.xlsx');

    const asked = await run('validate', '--json', '--fingerprint', file, missing);
    const objects = asked.out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objects[0]).toMatchObject({ file, fingerprint: tableFingerprint(data), findings: [] });
    expect(objects[0]!['fingerprint']).toMatch(FINGERPRINT);
    expect(objects[1]).toMatchObject({ file: missing, data: null, fingerprint: null });
    expect(asked.code).toBe(2);

    const plain = await run('validate', '--json', file);
    expect(JSON.parse(plain.out[0]!)).not.toHaveProperty('fingerprint');
  });

  it('says where a file cannot be read, as validate does', async () => {
    const { code, out, err } = await run('validate', '--fingerprint', join(dir, '没有.xlsx'));
    expect(out).toEqual([]);
    expect(err[0]).toMatch(/没有\.xlsx：文件不存在。/);
    expect(code).toBe(2);
  });

  it('mentions --fingerprint in the usage', async () => {
    const { out } = await run('--help');
    expect(out.join('\n')).toContain('--fingerprint');
  });
});

const describeWithLibreOffice = libreOfficeAvailable('the fingerprint of a workbook saved by LibreOffice') ? describe : describe.skip;

describeWithLibreOffice('the fingerprint survives a spreadsheet program', () => {
  it('is the same after LibreOffice opened, recalculated and saved the workbook', async () => {
    const data = validReport2021();
    data.cells['T2.fee.amount'] = 9669.2526;
    const file = await workbook('送审.xlsx', data);
    const [saved] = convertWithLibreOffice([file], join(dir, 'saved'));

    const { out } = await run('validate', '--fingerprint', file, saved!);

    expect(out[1]?.split('指纹：')[1]).toBe(out[0]?.split('指纹：')[1]);
    expect(out[0]).toContain(tableFingerprint(data));
  }, 120_000);
});
