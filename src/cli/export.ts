import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { PLACEHOLDER_OPEN } from '../core/narrative/document';
import { loadDocument, parseFileArgs } from './narrative';

interface Io {
  out(text: string): void;
  err(text: string): void;
}

/**
 * `nianbao export FILE -o 报告.docx [--force]`: the whole report — title, 前言, the six sections with the
 * official tables, signature and date — as a Word document in 党政机关公文格式. FILE is report data (.json,
 * the text generated) or a workbook made by the template (.xlsx, its 正文 sheet with the clerk's edits).
 */
export async function exportReport(args: string[], io: Io): Promise<number> {
  const parsed = parseFileArgs(args, 'nianbao export 文件.xlsx|数据.json -o 报告.docx [--force]', io);
  if (!parsed) return 2;
  const { input, output: out, force } = parsed;
  if (out === undefined) {
    io.err('请用 -o 指定输出的 Word 文件，如：-o 报告.docx');
    return 2;
  }
  if (extname(out).toLowerCase() !== '.docx') {
    io.err(`输出文件应以 .docx 结尾：${out}`);
    return 2;
  }
  if (existsSync(out) && !force) {
    io.err(`文件“${out}”已存在，为免覆盖已填写的内容，未写入。如确需覆盖，请加 --force。`);
    return 2;
  }
  const loaded = await loadDocument(input);
  if (!loaded.ok) {
    io.err(`${input}：${loaded.error}`);
    return 2;
  }
  // The docx library is large: only this command loads it.
  const { renderDocx } = await import('../export/docx');
  await writeFile(out, await renderDocx(loaded.doc, loaded.data));
  io.out(`已生成：${out}`);
  const open = loaded.doc.blocks.filter((b) => b.text.includes(PLACEHOLDER_OPEN)).length;
  if (open > 0) io.out(`注意：还有 ${open} 段含“${PLACEHOLDER_OPEN}…】”的待填写内容（在 Word 中以黄色标出），发布前请填写。`);
  return 0;
}
