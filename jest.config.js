/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }] },
  // office-addin-mock → office-addin-manifest pulls an ESM-only module Jest cannot require (notes/toolchain.md).
  moduleNameMapper: { '^office-addin-manifest$': '<rootDir>/test/shims/office-addin-manifest.js' },
  testTimeout: 30000,
};
