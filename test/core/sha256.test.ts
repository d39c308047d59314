import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { hex, sha256, utf8 } from '../../src/core/sha256';

describe('sha256 (pure)', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
  ])('gives the FIPS 180-4 digest of %j', (text, digest) => {
    expect(hex(sha256(text))).toBe(digest);
  });

  it('agrees with Node’s crypto on any text, Chinese, emoji and block boundaries included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(hex(sha256(text))).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      }),
      { numRuns: 300 },
    );
    for (let n = 50; n < 140; n++) {
      const text = '年'.repeat(n % 7) + 'x'.repeat(n);
      expect(hex(sha256(text))).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    }
  });

  it('encodes UTF-8 as TextEncoder does, lone surrogates as U+FFFD', () => {
    for (const text of ['政府信息公开', '𠮷a', '\ud800x', 'x\udc00']) expect([...utf8(text)]).toEqual([...new TextEncoder().encode(text)]);
  });
});
