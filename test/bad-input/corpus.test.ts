import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { main } from '../../src/cli/main';
import { FORMAT_2021, cellSpec } from '../../src/core/format';
import { TEXT_RULE_SEVERITY } from '../../src/core/rules/catalogue';
import type { Finding } from '../../src/core/rules/evaluate';
import { BAD_CASES, type BadCase } from '../fixtures/bad/cases';
import { addressOf, build } from './build';

/**
 * The bad-input corpus (test/fixtures/bad/cases.ts) through `nianbao validate`, with and without --json:
 * never a throw, never a hang, the exit code, the finding on the cell, a Chinese message naming the place.
 */

const HAN = /[\u4e00-\u9fff]/;
const dir = mkdtempSync(join(tmpdir(), 'nianbao-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  readonly ms: number;
}

async function validate(args: readonly string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const started = performance.now();
  const code = await main(['validate', ...args], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n'), ms: performance.now() - started };
}

interface JsonLine {
  readonly file: string;
  readonly findings: Finding[];
  readonly error?: string;
}

const BIG = new Set(['published/html-50mb', 'json-structure/very-deep-nesting', 'json-structure/many-cells']);

test('the corpus has at least 150 cases with unique ids', () => {
  expect(BAD_CASES.length).toBeGreaterThanOrEqual(150);
  expect(new Set(BAD_CASES.map((c) => c.id)).size).toBe(BAD_CASES.length);
});

describe.each(BAD_CASES.map((c) => [c.id, c] as const))('%s', (_id, c: BadCase) => {
  const bound = BIG.has(c.id) ? 15_000 : 3_000;

  it(`${c.description}: exit ${c.expected.exit}${c.expected.rule ? `, ${c.expected.rule}` : ''}${c.knownIssue ? '（已知问题）' : ''}`, async () => {
    const built = await build(c, dir);
    const json = c.input.kind === 'argv' ? [...built.args] : [...built.args, '--json'];
    const text = await validate(built.args);
    const machine = await validate(json);
    for (const run of [text, machine]) {
      expect(run.ms).toBeLessThan(bound);
      expect(run.code).toBe(c.expected.exit);
    }
    if (c.input.kind === 'argv') {
      const said = `${text.out}\n${text.err}`;
      expect(said).toMatch(HAN);
      if (c.expected.messageIncludes) expect(said).toContain(c.expected.messageIncludes);
      return;
    }

    const lines = machine.out.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as JsonLine);
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line.file).toBe(built.file);
    if (c.knownIssue) return; // recorded behaviour: no crash, the exit code; nothing endorsed

    if (c.expected.exit === 2) {
      // Unusable: the error, in Chinese, with the file named (the text line starts with it).
      expect(typeof line.error).toBe('string');
      expect(line.error).toMatch(HAN);
      expect(line.findings).toEqual([]);
      expect(text.err.startsWith(`${built.file}：`)).toBe(true);
      expect(text.err).toMatch(HAN);
      if (c.expected.messageIncludes) {
        expect(line.error).toContain(c.expected.messageIncludes);
        expect(text.err).toContain(c.expected.messageIncludes);
      }
      return;
    }

    expect(line.error).toBeUndefined();
    expect(text.out.startsWith(basename(built.file)) || text.out.startsWith(built.file)).toBe(true);
    const workbook = built.file.endsWith('.xlsx');
    for (const f of line.findings.slice(0, 200)) {
      expect(f.message).toMatch(HAN);
      expect(text.out).toContain(f.message);
      // Every finding on the table names its cells; from a workbook, where the first one is. A finding on a
      // published report's text names its paragraph, one on its layout (a column the format lacks) its line.
      if (f.paragraph !== undefined || Object.hasOwn(TEXT_RULE_SEVERITY, f.rule)) expect(f.message).toMatch(HAN);
      else if (f.rule.startsWith('cell.') || f.rule.startsWith('T') || (f.rule.startsWith('F.') && workbook)) {
        expect(f.cells.length).toBeGreaterThan(0);
        if (workbook && f.rule !== 'F.missingRow') expect(f.address).toMatch(/^.+![A-Z]+\d+$/);
      } else if (f.rule.startsWith('F.')) expect(f.cells.length > 0 || /第 \d+ (行|段)/.test(f.address ?? '')).toBe(true);
    }
    if (c.expected.rule) {
      const found = line.findings.filter((f) => f.rule === c.expected.rule && (c.expected.cell === undefined || f.cells.includes(c.expected.cell)));
      expect(found.map((f) => f.rule)).toContain(c.expected.rule);
      const finding = found[0]!;
      if (c.expected.cell) {
        // The place: the cell's label in the message, and from a workbook its address.
        const label = cellSpec(FORMAT_2021, c.expected.cell)?.label ?? '';
        expect(label).not.toBe('');
        // A row missing from a published report is named as the row (all its cells are missing).
        const named = c.category === 'published' && c.expected.rule === 'F.missingRow' ? (cellSpec(FORMAT_2021, c.expected.cell)?.rowName ?? '') : label;
        if (c.expected.rule.startsWith('cell.') || c.expected.rule === 'F.missingRow') expect(finding.message).toContain(named);
        if (c.input.kind === 'xlsxCell') {
          expect(finding.address).toBe(`年报!${addressOf(c.expected.cell)}`);
          expect(text.out).toContain(`（年报!${addressOf(c.expected.cell)}）`);
        } else if (workbook && c.expected.rule !== 'F.missingRow') {
          expect(finding.address).toBeDefined();
          expect(text.out).toContain(`（${finding.address}）`);
        }
      }
    } else if (c.expected.exit === 0) {
      expect(line.findings.filter((f) => f.severity === 'error')).toEqual([]);
    }
    if (c.expected.messageIncludes) {
      const all = JSON.stringify(line) + text.out;
      expect(line.findings.some((f) => f.message.includes(c.expected.messageIncludes!)) || all.includes(c.expected.messageIncludes)).toBe(true);
    }
  }, 30_000);
});
