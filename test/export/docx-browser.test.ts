/**
 * @jest-environment jsdom
 */
import { TextDecoder, TextEncoder } from 'node:util';
import { unzipSync, strFromU8 } from 'fflate';
import { generateDocument } from '../../src/core/narrative/generate';
import { renderDocx } from '../../src/export/docx';
import { jiaokou } from '../support/reports';

/**
 * The task pane exports in the browser: renderDocx must not need Node (no Buffer, no fs). jsdom lacks
 * TextEncoder, which every browser the add-in runs in has: the test lends it Node's.
 */
Object.assign(globalThis, { TextEncoder, TextDecoder });

describe('renderDocx in a browser', () => {
  it('returns the .docx bytes without Node APIs', async () => {
    expect(typeof window).toBe('object');
    const data = jiaokou();
    const bytes = await renderDocx(generateDocument(data), data);

    expect(ArrayBuffer.isView(bytes)).toBe(true);
    expect(strFromU8(unzipSync(bytes)['word/document.xml']!)).toContain('9669.2526');
  });
});
