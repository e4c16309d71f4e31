'use strict';
// Runs nodes and workflows through n8n-core's own engine (WorkflowExecute, RoutingNode,
// LoadOptionsContext), over real HTTP, with credentials resolved the way n8n resolves them.
const { Workflow, NodeHelpers, NodeConnectionTypes } = require('n8n-workflow');
const { WorkflowExecute, ExecutionLifecycleHooks, LoadOptionsContext, ExecuteContext, RoutingNode, PollContext, TriggersAndPollers } = require('n8n-core');
const { Container } = require('@n8n/di');
const { loadPackage } = require('./package-loader');
const { CredentialStore, TestCredentialsHelper } = require('./credentials-helper');

class NodeTypeRegistry {
	constructor(types) {
		this.types = { ...types };
	}
	add(name, type) {
		this.types[name] = type;
	}
	getByName(name) {
		const type = this.types[name];
		if (!type) throw new Error(`Unknown node type ${name}`);
		return type;
	}
	getByNameAndVersion(name, version) {
		return NodeHelpers.getVersionedNodeType(this.getByName(name), version);
	}
	getKnownTypes() {
		return {};
	}
}

/**
 * A stand-in for n8n's Code node (and, with several outputs, for its IF/Switch nodes) in harness
 * workflows: runs `fn(jsonItems, context)` once for all items. With `outputs: n` it returns n lists.
 * `context.node(name, output)` reads another node's output items, like `$('Name').all()`.
 */
function codeNodeType(name, fn, outputs = 1) {
	return {
		description: {
			displayName: name,
			name,
			group: ['transform'],
			version: 1,
			description: 'Test code node',
			defaults: { name },
			inputs: [NodeConnectionTypes.Main],
			outputs: Array(outputs).fill(NodeConnectionTypes.Main),
			properties: [],
		},
		async execute() {
			const items = this.getInputData();
			const proxy = this.getWorkflowDataProxy(0);
			const context = { node: (nodeName, output = 0) => proxy.$(nodeName).all(output).map((item) => item.json) };
			const result = await fn(items.map((item) => item.json), context);
			const lists = outputs === 1 ? [result] : result;
			return lists.map((list) => list.map((json, index) => ({ json, pairedItem: { item: Math.min(index, items.length - 1) } })));
		},
	};
}

let executionCounter = 0;

function makeAdditionalData(credentialsHelper, hooks) {
	const executionId = String(++executionCounter);
	return {
		hooks,
		credentialsHelper,
		currentNodeParameters: undefined,
		executionId,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		variables: {},
		userId: 'test-user',
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not supported in the test harness');
		},
		getRunExecutionData: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('Task runners are not supported in the test harness');
		},
	};
}

function toNode(spec, index) {
	return {
		id: spec.id ?? `node-${index}`,
		name: spec.name,
		type: spec.type,
		typeVersion: spec.typeVersion ?? 1,
		position: [index * 220, 0],
		parameters: spec.parameters ?? {},
		credentials: spec.credentials,
		continueOnFail: spec.continueOnFail ?? false,
		onError: spec.continueOnFail ? 'continueRegularOutput' : undefined,
		executeOnce: spec.executeOnce ?? false,
	};
}

/**
 * @param {object} [options] which built files to load (see loadPackage); by default the whole package.
 *   `extraNodeTypes`: { 'scope.name': nodeType } to run next to the package's (benchmarks' reference nodes)
 */
function createHarness(options = {}) {
	const pkg = loadPackage(options);
	const store = new CredentialStore();
	const credentialsHelper = new TestCredentialsHelper(pkg.credentialTypes, store);
	const registry = new NodeTypeRegistry({ ...pkg.nodeTypes, ...(options.extraNodeTypes ?? {}) });

	/** Full node type name for a short one ("levers" → "n8n-nodes-invoicing.levers"). */
	const typeName = (short) => (short.includes('.') ? short : `${pkg.packageName}.${short}`);

	/**
	 * Runs a workflow. `nodes`: [{ name, type, parameters, credentials, continueOnFail, executeOnce } |
	 * { name, code: fn, outputs }]; `connections`: [[from, to, fromOutput = 0], ...]; the first node
	 * receives `input` (a list of JSON objects) or `items` (n8n items: { json, binary }).
	 */
	async function runWorkflow({ nodes: specs, connections: links = [], input = [{}], items }) {
		const nodes = specs.map((spec, index) => {
			if (spec.code) {
				const name = `test.code.${spec.name.replace(/\W+/g, '_')}`;
				registry.add(name, codeNodeType(name, spec.code, spec.outputs));
				return toNode({ ...spec, type: name }, index);
			}
			return toNode({ ...spec, type: typeName(spec.type) }, index);
		});
		const connections = {};
		for (const [from, to, output = 0] of links) {
			connections[from] = connections[from] ?? { main: [] };
			while (connections[from].main.length <= output) connections[from].main.push([]);
			connections[from].main[output].push({ node: to, type: 'main', index: 0 });
		}
		const workflow = new Workflow({ id: 'harness', nodes, connections, nodeTypes: registry, active: false, settings: {} });
		const hooks = new ExecutionLifecycleHooks('manual', 'harness', { id: 'harness', nodes, connections });
		const finished = new Promise((resolve) => hooks.addHandler('workflowExecuteAfter', (run) => resolve(run)));
		const additionalData = makeAdditionalData(credentialsHelper, hooks);
		const runExecutionData = {
			resultData: { runData: {} },
			executionData: {
				contextData: {},
				metadata: {},
				waitingExecution: {},
				waitingExecutionSource: null,
				nodeExecutionStack: [{ node: nodes[0], data: { main: [items ?? input.map((json) => ({ json }))] }, source: null }],
			},
		};
		try {
			await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow);
		} catch (error) {
			// n8n refuses to start a workflow whose nodes have issues (a required parameter left empty,
			// a value failing a field's validation): the editor shows the same message.
			if (error.name !== 'WorkflowHasIssuesError') throw error;
			return { run: undefined, error, output: () => [], allOutputs: () => [], nodeError: () => undefined };
		}
		const run = await finished;
		const runData = run.data.resultData.runData;
		return {
			run,
			error: run.data.resultData.error,
			/** Output items (JSON, or { error } for Continue On Fail items) of a node's first run. */
			output(name) {
				const task = runData[name]?.[0];
				return (task?.data?.main?.[0] ?? []).map((item) => item);
			},
			/** Output items of every run of a node (a node fed by two branches runs once per branch). */
			allOutputs(name) {
				return (runData[name] ?? []).flatMap((task) => task?.data?.main?.[0] ?? []);
			},
			nodeError(name) {
				return runData[name]?.[0]?.error;
			},
		};
	}

	/** Runs one of the package's nodes on the given input items. */
	async function runNode({ type, parameters, credentials, input = [{}], items, continueOnFail = false, name = 'Node' }) {
		const result = await runWorkflow({ nodes: [{ name, type, parameters, credentials, continueOnFail }], input, items });
		const output = result.output(name);
		return { ...result, items: output, json: output.map((item) => item.json), error: result.nodeError(name) ?? result.error };
	}

	/** Calls a node's listSearch method through n8n's LoadOptionsContext, as the editor does. */
	async function listSearch({ type, parameters = {}, credentials, method, filter, paginationToken }) {
		const node = toNode({ name: 'Node', type: typeName(type), parameters, credentials }, 0);
		const workflow = new Workflow({ id: 'harness', nodes: [node], connections: {}, nodeTypes: registry, active: false, settings: {} });
		const context = new LoadOptionsContext(workflow, node, makeAdditionalData(credentialsHelper), 'parameters');
		const nodeType = registry.getByNameAndVersion(node.type, node.typeVersion);
		return await nodeType.methods.listSearch[method].call(context, filter, paginationToken);
	}

	/**
	 * A polling trigger as n8n runs an active one: each `poll()` gives the node a fresh n8n-core
	 * PollContext (mode 'trigger') and runs it through n8n-core's TriggersAndPollers.runPollFunction.
	 * The workflow's static data persists from poll to poll as JSON (as n8n saves it in its database);
	 * `staticData` reads or replaces it (to set up a watermark from weeks ago). The editor's Fetch Test
	 * Event is `runNode` with the trigger: n8n's WorkflowExecute runs a poll node in manual mode.
	 * Resolves with what n8n would emit: null (nothing) or the items (JSON) of the first output.
	 */
	function poller({ type, parameters = {}, credentials, name = 'Trigger', activation = 'activate' }) {
		let saved = {};
		const copy = (value) => JSON.parse(JSON.stringify(value ?? {}));
		return {
			async poll() {
				const node = toNode({ name, type: typeName(type), parameters, credentials }, 0);
				const workflow = new Workflow({ id: 'harness', nodes: [node], connections: {}, nodeTypes: registry, active: true, settings: {}, staticData: copy(saved) });
				const context = new PollContext(workflow, node, makeAdditionalData(credentialsHelper), 'trigger', activation);
				try {
					const result = await Container.get(TriggersAndPollers).runPollFunction(workflow, node, context);
					return result === null ? null : result[0].map((item) => item.json);
				} finally {
					saved = copy(workflow.staticData);
				}
			},
			/** The node's static data (what `getWorkflowStaticData('node')` gives it). */
			get state() {
				return copy(saved[`node:${name}`]);
			},
			set state(value) {
				saved = { ...saved, [`node:${name}`]: copy(value) };
			},
		};
	}

	/**
	 * The credential "Test" button, done the way n8n's CredentialsTester does it: the credential's
	 * `test.request` as the routing of a temporary noOp node, run by n8n-core's RoutingNode.
	 */
	async function testCredential(credentialType, reference) {
		const type = credentialsHelper.type(credentialType);
		const entry = store.get(reference.id);
		const node = {
			id: 'temp',
			name: 'Temp-Node',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [0, 0],
			parameters: { temp: '' },
			credentials: { [credentialType]: reference },
		};
		const nodeTypeCopy = {
			description: {
				displayName: 'No Operation',
				name: 'n8n-nodes-base.noOp',
				group: ['organization'],
				version: 1,
				description: 'Credential test',
				defaults: { name: 'Temp-Node' },
				inputs: [NodeConnectionTypes.Main],
				outputs: [NodeConnectionTypes.Main],
				credentials: [{ name: credentialType, required: true }],
				properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: type.test.request }, default: '' }],
			},
		};
		const testRegistry = new NodeTypeRegistry({ 'n8n-nodes-base.noOp': nodeTypeCopy });
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: testRegistry });
		const runExecutionData = { resultData: { runData: {} } };
		const context = new ExecuteContext(workflow, node, makeAdditionalData(credentialsHelper), 'internal', runExecutionData, 0, [], { main: [[{ json: {} }]] }, { node, data: {}, source: null }, []);
		const decrypted = { id: entry.id, name: entry.name, type: credentialType, data: { ...entry.data } };
		let response;
		try {
			response = await new RoutingNode(context, nodeTypeCopy, decrypted).runNode();
		} catch (error) {
			const status = Number(error.httpCode ?? error.cause?.response?.status);
			for (const rule of type.test.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === status) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			return { status: 'Error', message: `${error.message}${error.description ? `: ${error.description}` : ''}` };
		}
		// As n8n's CredentialsTester: a successful answer still fails when get(body, key) === value.
		for (const rule of type.test.rules ?? []) {
			if (rule.type !== 'responseSuccessBody') continue;
			const body = response?.[0]?.[0]?.json;
			const found = String(rule.properties.key).split('.').reduce((node, key) => (node !== null && typeof node === 'object' ? node[key] : undefined), body);
			if (found === rule.properties.value) return { status: 'Error', message: rule.properties.message };
		}
		return { status: 'OK', message: 'Connection successful!' };
	}

	return {
		packageName: pkg.packageName,
		nodeTypes: pkg.nodeTypes,
		credentialTypes: pkg.credentialTypes,
		store,
		credentialsHelper,
		typeName,
		/** Stores credential data and returns the node's `credentials` entry for it. */
		credential(type, data) {
			return { [type]: store.add(type, data) };
		},
		runWorkflow,
		runNode,
		listSearch,
		poller,
		testCredential,
	};
}

module.exports = { createHarness };
