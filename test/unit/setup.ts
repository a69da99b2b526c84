// Mocha root hooks: the core's grammars are loaded once for every unit test.
import { initCore } from '../../src/node/grammar';

export const mochaHooks = {
  async beforeAll(): Promise<void> {
    await initCore();
  },
};
