/** Jest project "strict" (jest.config.js): every emulator the suites start reads the docs strictly. */
process.env.EMULATOR_PROFILE = 'strict';
