import { FakeHost } from '../../support/fake-host';
import { describeHostContract } from './host-contract';

/**
 * The task pane's fake host (test/support/fake-host.ts), held to the same contract so that what the task
 * pane's tests learn from it holds for the real hosts. By default it raises change events for its own
 * writes too (`changesFromWrites`), to test that the task pane copes with a host that does; the port
 * promises otherwise, so it runs the contract with that switched off.
 */
describeHostContract('the task pane’s fake host', () => {
  const host = new FakeHost();
  host.changesFromWrites = false;
  return Promise.resolve({
    host,
    clerkTypes: (address, value) => {
      host.type(address, value);
      return Promise.resolve();
    },
    settle: () => Promise.resolve(),
    formats: () => {
      const sheets = [...host.workbook.values()];
      return {
        conditionalFormats: sheets.reduce((n, s) => n + s.conditionalFormats.length, 0),
        validations: sheets.reduce((n, s) => n + s.validations.length, 0),
        names: [...host.names.keys()],
      };
    },
  });
});
