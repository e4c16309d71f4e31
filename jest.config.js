module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.js'],
	testTimeout: 30000,
	silent: false,
	reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
