module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.js'],
	testTimeout: 30000,
	// n8n-core logs axios errors of provider faults on purpose in some paths; keep test output readable.
	silent: false,
};
