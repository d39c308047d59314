import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { FORMAT_2021, type CellId } from '../../../src/core/format';
import { readTemplateWorkbook } from '../../../src/core/import/workbook';
import { a1 } from '../../../src/core/layout/a1';
import { buildTemplate } from '../../../src/core/layout/template';
import type { ReportData } from '../../../src/core/report/types';
import type { RuleId } from '../../../src/core/rules/catalogue';
import type { Finding } from '../../../src/core/rules/evaluate';
import { readXlsxGrid } from '../../../src/hosts/xlsx/read';
import { jiaokou, seeded, validReport } from '../../support/reports';

/** The command line (DESIGN.md contract): exit codes, --json lines, Chinese messages, no overwriting. */

const ROOT = join(__dirname, '..', '..', '..');
const SAMPLE = join(ROOT, 'test', 'fixtures', 'jiaokou-2024.json');
const HAN = /[\u4e00-\u9fff]/;

interface Run {
  code: number;
  out: string;
  err: string;
}

/** `nianbao …` in-process, with its output captured. */
async function cli(...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.map((t) => `${t}\n`).join(''), err: err.map((t) => `${t}\n`).join('') };
}

interface JsonLine {
  file: string;
  data?: ReportData;
  findings: Finding[];
  error?: string;
}

/** --json output: exactly one JSON object per line. */
function jsonLines(out: string): JsonLine[] {
  const lines = out.split('\n').filter((l) => l !== '');
  return lines.map((l) => {
    const parsed = JSON.parse(l) as JsonLine;
    expect(typeof parsed.file).toBe('string');
    expect(Array.isArray(parsed.findings)).toBe(true);
    return parsed;
  });
}

const { layout } = buildTemplate();
const addressOf = (id: CellId): string => {
  const at = layout.cells.get(id)!;
  return `${layout.sheet}!${a1({ row: at.top, col: at.left })}`;
};

const T3_RESULTS = FORMAT_2021.t3.rows.filter((r) => r.role === 'result').map((r) => r.key);
const APPLICANTS = ['natural', 'commercial', 'research', 'nonprofit', 'legal', 'otherOrg'];

/** A report that breaks nothing (checked below), the base of every case. */
function clean(): ReportData {
  const data = validReport(seeded(77));
  const cells = { ...data.cells, 'T2.regulation.issued': 0, 'T2.regulation.repealed': 0, 'T2.regulation.inForce': 0 };
  return { ...data, organ: '某县人民政府', cells, info: { ...data.info, organLevel: 'county' } };
}
const n = (data: ReportData, id: CellId): number => data.cells[id] as number;

interface RuleCase {
  readonly rule: RuleId;
  readonly severity: 'error' | 'warning';
  readonly change: (d: ReportData) => void;
  /** The cells each finding of the rule names, findings and cells in the order validate gives them. */
  readonly cells: readonly (readonly CellId[])[];
}

const RULE_CASES: readonly RuleCase[] = [
  { rule: 'cell.blank', severity: 'error', change: (d) => (d.cells['T3.carried.research'] = null), cells: [['T3.carried.research']] },
  { rule: 'cell.notNumber', severity: 'error', change: (d) => (d.cells['T4.review.upheld'] = '3件'), cells: [['T4.review.upheld']] },
  { rule: 'cell.negative', severity: 'error', change: (d) => (d.cells['T2.license.decisions'] = -3), cells: [['T2.license.decisions']] },
  { rule: 'cell.notInteger', severity: 'error', change: (d) => (d.cells['T2.penalty.decisions'] = 2.5), cells: [['T2.penalty.decisions']] },
  { rule: 'cell.precision', severity: 'warning', change: (d) => (d.cells['T2.fee.amount'] = 12.345678), cells: [['T2.fee.amount']] },
  {
    rule: 'T3.rowTotal',
    severity: 'error',
    change: (d) => (d.cells['T3.partial.total'] = n(d, 'T3.partial.total') + 2),
    cells: [['T3.partial.total', ...APPLICANTS.map((c) => `T3.partial.${c}`)]],
  },
  {
    rule: 'T3.resultTotal',
    severity: 'error',
    change: (d) => (d.cells['T3.total.legal'] = n(d, 'T3.total.legal') + 1),
    cells: [['T3.total.legal', ...T3_RESULTS.map((r) => `T3.${r}.legal`)]],
  },
  {
    rule: 'T3.balance',
    severity: 'error',
    change: (d) => {
      d.cells['T3.carried.natural'] = n(d, 'T3.carried.natural') + 1;
      d.cells['T3.carried.total'] = n(d, 'T3.carried.total') + 1;
    },
    cells: [
      ['T3.new.natural', 'T3.carried.natural', 'T3.total.natural', 'T3.carryForward.natural'],
      ['T3.new.total', 'T3.carried.total', 'T3.total.total', 'T3.carryForward.total'],
    ],
  },
  {
    rule: 'T4.groupTotal',
    severity: 'error',
    change: (d) => (d.cells['T4.suitDirect.total'] = n(d, 'T4.suitDirect.total') + 1),
    cells: [['T4.suitDirect.total', 'T4.suitDirect.upheld', 'T4.suitDirect.corrected', 'T4.suitDirect.other', 'T4.suitDirect.pending']],
  },
  {
    rule: 'T2.regulationLevel',
    severity: 'warning',
    change: (d) => (d.cells['T2.regulation.issued'] = 2),
    cells: [['T2.regulation.issued', 'T2.regulation.repealed', 'T2.regulation.inForce']],
  },
  {
    rule: 'T2.inForceBelowIssued',
    severity: 'warning',
    change: (d) => (d.cells['T2.normative.issued'] = n(d, 'T2.normative.inForce') + 2),
    cells: [['T2.normative.inForce', 'T2.normative.issued']],
  },
  { rule: 'T2.feeUnit', severity: 'warning', change: (d) => (d.cells['T2.fee.amount'] = 150000), cells: [['T2.fee.amount']] },
];

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-cli-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('nianbao template', () => {
  it('writes a template workbook, then refuses to overwrite it without --force (exit 2), and overwrites with it', async () => {
    const file = join(dir, '模板.xlsx');
    const first = await cli('template', '-o', file, '--year', '2025', '--organ', '某县人民政府');
    expect(first).toMatchObject({ code: 0, err: '' });
    const read = readTemplateWorkbook(readXlsxGrid(readFileSync(file)));
    expect(read.ok && read.value.data).toMatchObject({ year: 2025, organ: '某县人民政府' });

    writeFileSync(file, 'a clerk’s own work');
    const again = await cli('template', '-o', file);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(HAN);
    expect(again.err).toContain('--force');
    expect(readFileSync(file, 'utf8')).toBe('a clerk’s own work');

    expect((await cli('template', '-o', file, '--force')).code).toBe(0);
    expect(readTemplateWorkbook(readXlsxGrid(readFileSync(file))).ok).toBe(true);
  });

  it('fill refuses to overwrite too', async () => {
    const file = join(dir, 'exists.xlsx');
    writeFileSync(file, 'keep');
    const run = await cli('fill', SAMPLE, '-o', file);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(HAN);
    expect(readFileSync(file, 'utf8')).toBe('keep');
  });
});

describe('nianbao fill + validate --json', () => {
  it('finds nothing in clean data: exit 0, no finding', async () => {
    const json = join(dir, 'clean.json');
    const xlsx = join(dir, 'clean.xlsx');
    writeFileSync(json, JSON.stringify(clean()));
    expect((await cli('fill', json, '-o', xlsx)).code).toBe(0);
    const run = await cli('validate', xlsx, json, '--json');
    expect(run.code).toBe(0);
    expect(jsonLines(run.out).map((l) => [l.file, l.findings])).toEqual([
      [xlsx, []],
      [json, []],
    ]);
  });

  it.each(RULE_CASES.map((c) => [c.rule, c] as const))(
    'reports %s on the right cells, with their address and the right exit code',
    async (rule, c) => {
      const data = clean();
      c.change(data);
      const json = join(dir, `${rule}.json`);
      const xlsx = join(dir, `${rule}.xlsx`);
      writeFileSync(json, JSON.stringify(data));
      expect((await cli('fill', json, '-o', xlsx)).code).toBe(0);
      const run = await cli('validate', xlsx, '--json');
      const [line, ...more] = jsonLines(run.out);
      expect(more).toEqual([]);
      expect(line!.file).toBe(xlsx);
      const found = line!.findings.filter((f) => f.rule === rule);
      expect(found.map((f) => ({ severity: f.severity, cells: f.cells, address: f.address }))).toEqual(
        c.cells.map((cells) => ({ severity: c.severity, cells: [...cells], address: addressOf(cells[0]!) })),
      );
      expect(found[0]!.message).toMatch(HAN);
      expect(run.code).toBe(line!.findings.some((f) => f.severity === 'error') ? 1 : 0);
      expect(run.code).toBe(c.severity === 'error' ? 1 : 0);
      // The data JSON itself says the same.
      const direct = jsonLines((await cli('validate', json, '--json')).out)[0]!;
      expect(direct.findings.filter((f) => f.rule === rule).map((f) => f.cells)).toEqual(c.cells.map((cells) => [...cells]));
    },
  );

  it('reports F.extra for a cell id the format does not have (data JSON)', async () => {
    const json = join(dir, 'extra.json');
    const data = clean();
    data.cells['T3.new.alien'] = 1;
    writeFileSync(json, JSON.stringify(data));
    const run = await cli('validate', json, '--json');
    expect(run.code).toBe(0);
    expect(jsonLines(run.out)[0]!.findings.map((f) => [f.rule, f.severity, f.cells])).toEqual([['F.extra', 'warning', ['T3.new.alien']]]);
  });

  it('finds exactly cell.blank on T3.carryForward.commercial in the sample, as JSON and as the workbook filled from it', async () => {
    const xlsx = join(dir, 'jiaokou.xlsx');
    expect((await cli('fill', SAMPLE, '-o', xlsx)).code).toBe(0);
    const run = await cli('validate', SAMPLE, xlsx, '--json');
    expect(run.code).toBe(1);
    const lines = jsonLines(run.out);
    expect(lines.map((l) => [l.file, l.findings.map((f) => [f.rule, f.severity, f.cells])])).toEqual([
      [SAMPLE, [['cell.blank', 'error', ['T3.carryForward.commercial']]]],
      [xlsx, [['cell.blank', 'error', ['T3.carryForward.commercial']]]],
    ]);
    expect(lines[1]!.findings[0]!.address).toBe(addressOf('T3.carryForward.commercial'));
    expect(lines[0]!.data).toEqual(jiaokou());
    expect(lines[1]!.data!.cells['T3.new.natural']).toBe(12);
  });

  it('says it in Chinese without --json', async () => {
    const run = await cli('validate', SAMPLE);
    expect(run.code).toBe(1);
    expect(run.out).toContain('结转下年度继续办理');
    expect(run.out).toContain('<cell.blank>');
  });
});

describe('nianbao validate on unusable input (exit 2, Chinese message)', () => {
  it.each([
    ['a published report as .txt', 'report.txt', '交口县人民政府2024年政府信息公开工作年度报告'],
    ['a published report as .docx', 'report.docx', 'PK\u0003\u0004 not really a docx'],
    ['a CSV renamed .xlsx', 'renamed.xlsx', '单元格,数值\nT3.new.natural,12\n'],
    ['an unknown file type', 'report.pdf', '%PDF-1.4'],
    ['an .xlsx that is no template', 'plain.xlsx', null],
  ])('%s', async (_, name, content) => {
    const file = join(dir, name);
    if (content === null) {
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('Sheet1').getCell('A1').value = '年报';
      writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
    } else writeFileSync(file, content);
    const human = await cli('validate', file);
    expect(human.code).toBe(2);
    expect(human.out).toBe('');
    expect(human.err).toMatch(HAN);
    expect(human.err.startsWith(`${file}：`)).toBe(true);
    const json = await cli('validate', file, '--json');
    expect(json.code).toBe(2);
    const [line] = jsonLines(json.out);
    expect(line).toMatchObject({ file, findings: [] });
    expect(line!.error).toMatch(HAN);
  });

  it('a missing file', async () => {
    const file = join(dir, 'nowhere.xlsx');
    const run = await cli('validate', file);
    expect(run.code).toBe(2);
    expect(run.err).toContain('文件不存在');
  });

  it('one unusable file among good ones: every file gets its line, exit 2', async () => {
    const run = await cli('validate', SAMPLE, join(dir, 'nowhere.json'), '--json');
    expect(run.code).toBe(2);
    expect(jsonLines(run.out).map((l) => [l.file, l.error === undefined])).toEqual([
      [SAMPLE, true],
      [join(dir, 'nowhere.json'), false],
    ]);
  });
});

/** The compiled command line is current when build/ is newer than every source file it is built from. */
function buildIsCurrent(): boolean {
  const built = join(ROOT, 'build', 'src', 'cli', 'main.js');
  if (!existsSync(built)) return false;
  const builtAt = statSync(built).mtimeMs;
  const newest = (d: string): number =>
    readdirSync(d, { withFileTypes: true }).reduce(
      (m, e) => Math.max(m, e.isDirectory() ? newest(join(d, e.name)) : e.name.endsWith('.ts') ? statSync(join(d, e.name)).mtimeMs : 0),
      0,
    );
  return ['src/core', 'src/hosts/xlsx', 'src/cli'].every((d) => newest(join(ROOT, d)) < builtAt);
}

describe('the installed command (node bin/nianbao.js)', () => {
  beforeAll(() => {
    if (buildIsCurrent()) return;
    // Type errors elsewhere (bench/, test/support) still emit JavaScript; what counts is that build/ is current after.
    spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.cli.json')], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    if (!buildIsCurrent()) throw new Error('npm run build:cli did not bring build/ up to date');
  }, 120_000);

  const bin = (...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'bin', 'nianbao.js'), ...args], { cwd: dir, encoding: 'utf8' });

  it('validate --json on the sample: one JSON line, exit 1', () => {
    const run = bin('validate', SAMPLE, '--json');
    expect(run.status).toBe(1);
    const [line, ...more] = jsonLines(run.stdout);
    expect(more).toEqual([]);
    expect(Object.keys(line!)).toEqual(expect.arrayContaining(['file', 'data', 'findings']));
    expect(line!.findings.map((f) => [f.rule, f.cells])).toEqual([['cell.blank', ['T3.carryForward.commercial']]]);
  });

  it('template refuses to overwrite: exit 2, the reason in Chinese on stderr', () => {
    const file = join(dir, 'bin-template.xlsx');
    expect(bin('template', '-o', file).status).toBe(0);
    const again = bin('template', '-o', file);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(HAN);
  });

  it('a .docx: exit 2, the reason in Chinese', () => {
    const file = join(dir, 'bin.docx');
    writeFileSync(file, 'PK');
    const run = bin('validate', file);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(HAN);
  });
});
