'use strict';
// Generates the bad-input cases of every operation of a node from its built description: the
// operations come from the Resource/Operation options, the fields from `properties` (with their
// displayOptions), and each field's kind of wrong value from its type and type options. Only the
// valid parameter sets (./bad-input-providers.js) and a few documented facts are written by hand.
const path = require('path');

const ROOT = path.join(__dirname, '..', '..');

/** The built node's description. */
function loadDescription(file) {
	const exported = require(path.join(ROOT, file));
	for (const candidate of Object.values(exported)) {
		if (typeof candidate !== 'function') continue;
		const instance = new candidate();
		if (instance.description?.properties) return instance.description;
	}
	throw new Error(`${file} exports no node class`);
}

const shown = (property, resource, operation) => {
	const show = property.displayOptions?.show ?? {};
	return (!show.resource || show.resource.includes(resource)) && (!show.operation || show.operation.includes(operation));
};

/** Every operation of the node, as `resource.operation`. */
function operationsOf(description) {
	const resources = description.properties.find((p) => p.name === 'resource').options.map((o) => o.value);
	return resources.flatMap((resource) =>
		description.properties
			.filter((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource))
			.flatMap((p) => p.options.map((o) => `${resource}.${o.value}`)),
	);
}

/** Whether a top-level field is visible for these parameters (resource, operation and other conditions). */
function visible(property, parameters, all) {
	const valueOf = (name) => {
		if (name in parameters) return parameters[name];
		return all.find((p) => p.name === name && shown(p, parameters.resource, parameters.operation))?.default;
	};
	const show = property.displayOptions?.show ?? {};
	const hide = property.displayOptions?.hide ?? {};
	for (const [name, values] of Object.entries(show)) if (!values.includes(valueOf(name))) return false;
	for (const [name, values] of Object.entries(hide)) if (values.includes(valueOf(name))) return false;
	return true;
}

/** Whether a nested option is visible by its conditions on root parameters ('/resource', '/operation', '/authentication'). */
function visibleByRoot(property, parameters, all) {
	const root = (conditions) => Object.fromEntries(Object.entries(conditions ?? {}).filter(([name]) => name.startsWith('/')).map(([name, values]) => [name.slice(1), values]));
	return visible({ displayOptions: { show: root(property.displayOptions?.show), hide: root(property.displayOptions?.hide) } }, parameters, all);
}

const UI_ONLY = new Set(['resource', 'operation', 'authentication', 'notice']);

/**
 * Optional fields left out on purpose: "Request Options" (transport settings such as the timeout,
 * owned by the request-pacing work, not data sent to the provider) and the create operations'
 * "If Already Exists" option; both are being added while this suite is written.
 */
const IGNORED = (property) =>
	!property.required && (property.name === 'requestOptions' || /already ?exists/i.test(`${property.name} ${property.displayName}`));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What a locator's "By ID" mode shows as an example ID. (The locators carry no regex validation: n8n runs
 * those in a vm with a 250 ms timeout, which fails whole executions on a loaded worker; the node's own
 * checks refuse a bad ID before sending, and these cases prove it.)
 */
function locatorIdPlaceholder(property) {
	return String(property.modes?.find((m) => m.name === 'id')?.placeholder ?? '');
}

/** A field that must hold a UUID: a locator validated as one, a UUID placeholder, or "UUID" in its name or description. */
function wantsUuid(property) {
	if (property.type === 'resourceLocator') return UUID.test(locatorIdPlaceholder(property));
	if (property.type !== 'string') return false;
	const placeholder = String(property.placeholder ?? '');
	if (placeholder && placeholder.split(',').every((part) => UUID.test(part.trim()))) return true;
	return /\bUUIDs?\b/.test(`${property.displayName} ${property.description ?? ''}`);
}

/** A locator whose ID mode takes a whole number (Pennylane's IDs). */
const wantsNumericId = (property) => property.type === 'resourceLocator' && /^\d+$/.test(locatorIdPlaceholder(property));

/** A deep copy of plain parameter values. */
const clone = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

const defaultsOf = (values) => Object.fromEntries(values.map((v) => [v.name, clone(v.default)]));

/**
 * Every field an operation can be given, with where it lives in the parameters and what encloses
 * it: top-level fields, the options of collections, and the values of fixedCollection entries
 * (the first entry; when the valid parameters have none, one made of the defaults).
 */
function slotsOf(description, parameters) {
	const all = description.properties;
	const slots = [];
	const walk = (properties, values, at, parents, ensure) => {
		for (const property of properties) {
			// A selector n8n never lets an expression set (noDataExpression, such as a Customer Type that switches fields) is not item data.
			if (UI_ONLY.has(property.name) || property.noDataExpression || property.type === 'notice' || IGNORED(property)) continue;
			if (at.length === 0 && !(shown(property, parameters.resource, parameters.operation) && visible(property, parameters, all))) continue;
			// An option of a collection shared by several operations is shown by the root's parameters ('/operation').
			if (at.length > 0 && !visibleByRoot(property, parameters, all)) continue;
			const where = [...at, property.name];
			slots.push({ property, path: where, parents, ensure, siblings: properties });
			if (property.type === 'collection') {
				walk(property.options, values?.[property.name], where, [...parents, { property, kind: 'collection' }], ensure);
			}
			if (property.type === 'fixedCollection') {
				const multiple = Boolean(property.typeOptions?.multipleValues);
				for (const group of property.options) {
					const held = values?.[property.name]?.[group.name];
					const entry = multiple ? held?.[0] : held;
					const entryPath = multiple ? [...where, group.name, 0] : [...where, group.name];
					const template = entry ?? defaultsOf(group.values);
					walk(group.values, entry, entryPath, [...parents, { property, group, kind: 'fixedCollection', present: entry !== undefined }], [
						...ensure,
						{ path: entryPath, value: template },
					]);
				}
			}
		}
	};
	walk(all, parameters, [], [], []);
	return slots;
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The labels that name a field: a top-level field by its display name; a collection option by its
 * name, optionally after the collection's ("Filters › Date From"); a value of a list entry by a label
 * that starts with the list's name, names the entry and ends with the value's name ("Products ›
 * line 1 › Quantity"), or by the list's name alone for one-value lists ("Payment Methods", whose
 * problem then names the entry).
 */
function labelPattern(slot) {
	const name = escape(slot.property.displayName);
	const lists = slot.parents.filter((p) => p.kind === 'fixedCollection');
	if (lists.length) {
		const list = escape(lists[0].property.displayName);
		const innermost = lists.at(-1);
		// the cases change the first entry of a list: its label names line 1 ("line 1", "Free Line 1")
		const entry = innermost.property.typeOptions?.multipleValues ? '.* 1' : '';
		const whole = innermost.group.values.length === 1 ? `|${escape(innermost.property.displayName)}` : '';
		return new RegExp(`^(${list}\\b${entry}.* › ${name}${whole})$`);
	}
	const collection = slot.parents.at(-1);
	if (collection) return new RegExp(`^(${escape(collection.property.displayName)} › )?${name}$`);
	return new RegExp(`^${name}$`);
}

const expression = (value) => `={{ ${JSON.stringify(value)} }}`;

/** The parameter value for a wrong input: an expression (n8n's pre-run check would refuse a literal blank). */
function valueFor(property, raw) {
	const value = typeof raw === 'string' && raw.startsWith('=') ? raw : expression(raw);
	if (property.type === 'resourceLocator') return { __rl: true, mode: 'id', value };
	return value;
}

const nameOf = (slot) => slot.path.filter((key) => typeof key === 'string').join('.');
const matchesName = (slot, names = []) => names.some((name) => nameOf(slot) === name || nameOf(slot).endsWith(`.${name}`));

const MISSING = /^this field is required$/;

/**
 * The wrong values a field can be given, by kind. Each returns a list of
 * { kind, input, mutate: [{ path, value } | { path, remove: true }], label, missing, problem }.
 */
function wrongValues(slot, provider, resource, operation) {
	const { property } = slot;
	const out = [];
	const add = (kind, input, raw, problem, extra = {}) =>
		out.push({ kind, input, mutate: [{ path: slot.path, value: valueFor(property, raw) }], label: labelPattern(slot), missing: false, problem, ...extra });
	const inList = slot.parents.some((p) => p.kind === 'fixedCollection');
	const entryPresent = slot.parents.filter((p) => p.kind === 'fixedCollection').every((p) => p.present);

	// 1. required field missing or empty (top level, or a value of a list entry the valid set has)
	if (property.required && (!inList || entryPresent)) {
		if (property.type === 'fixedCollection') {
			out.push({ kind: 'missing', input: '(no line)', mutate: [{ path: slot.path, remove: true }], label: labelPattern(slot), missing: true, problem: MISSING });
			out.push({ kind: 'empty', input: '{}', mutate: [{ path: slot.path, value: {} }], label: labelPattern(slot), missing: true, problem: MISSING });
		} else {
			add('missing', '$json.missing (undefined)', '={{ $json.missing }}', MISSING, { missing: true });
			add('empty', '"" (empty string)', '', MISSING, { missing: true });
		}
	}
	// 2. wrong values, by the field's type
	if (property.type === 'dateTime') {
		add('malformed date', '"31/01/2025"', '31/01/2025', /^must be a (real date|date-time)\b.*, got "31\/01\/2025"$/);
		add('impossible date', '"2025-02-30"', '2025-02-30', /^must be a (real date|date-time)\b.*, got "2025-02-30"$/);
		// issue 14: a date followed by other text is refused, not cut to its first 10 characters
		add('date with trailing text', '"2026-12-05xyz"', '2026-12-05xyz', /^must be a (real date|date-time)\b.*, got "2026-12-05xyz"$/);
		const pairs = { dueDate: 'date', deadline: 'date', dateTo: 'dateFrom' };
		const earlier = slot.siblings.find((p) => p.name === pairs[property.name]);
		if (earlier) {
			out.push({
				kind: 'date order',
				input: `${earlier.displayName} 2025-03-01, ${property.displayName} 2025-02-01`,
				mutate: [
					{ path: [...slot.path.slice(0, -1), earlier.name], value: expression('2025-03-01') },
					{ path: slot.path, value: expression('2025-02-01') },
				],
				label: labelPattern(slot),
				missing: false,
				problem: /^2025-02-01 is before .*2025-03-01$/,
			});
		}
	}
	if (wantsUuid(property)) add('not a UUID', '"not-a-uuid"', 'not-a-uuid', /^(entry \d+ )?must be a UUID, got "not-a-uuid"$/);
	if (wantsNumericId(property)) {
		const id = (got) => new RegExp(`^must be an ID: a whole number written with digits only, no leading zero, from 1 to 9007199254740991, got ${got}$`);
		add('ID not a number', '"abc"', 'abc', id('"abc"'));
		add('ID not a whole number', '"12.5"', '12.5', id('"12\\.5"'));
		// issue 14, defect 9: digits only, a safe integer
		add('ID in exponent form', '1e21', '={{ 1e21 }}', id('1e\\+21'));
		add('ID with a decimal point', '"1.0"', '1.0', id('"1\\.0"'));
		add('ID with leading zeros', '"0012"', '0012', id('"0012"'));
	}
	const numeric = property.type === 'number' || matchesName(slot, provider.numericText);
	if ((property.type === 'number' && property.typeOptions?.minValue >= 0) || matchesName(slot, provider.nonNegative)) {
		add('negative number', '-5', -5, /^(entry \d+ )?must be (0 or more|greater than 0|\d+ or more), got "?-5"?$/);
	}
	if (numeric) {
		add('not a number', '"ten"', 'ten', /^(entry \d+ )?must be a (whole )?number\b.*, got "ten"$/);
		// issue 14, defect 8: the one money/number grammar and bound (nodes/shared/decimal.ts)
		add('too many digits', '"12345678901234567.89"', '12345678901234567.89', /^(entry \d+ )?has more than 15 digits\b.*, got "12345678901234567\.89"$/);
		add('exponent form', '"1e21"', '1e21', /^(entry \d+ )?must be written without an exponent\b.*, got "1e21"$/);
		add('NaN', 'NaN', '={{ NaN }}', /^(entry \d+ )?must be a finite number, got NaN\b/);
	}
	if (property.type === 'number' && property.typeOptions?.numberPrecision === 0) {
		add('not a whole number', '1.5', 1.5, /^(entry \d+ )?must be a whole number, got 1\.5$/);
	}
	if (property.type === 'options') add('unknown option', '"NOT_AN_OPTION"', 'NOT_AN_OPTION', /^must be\b.*, got "NOT_AN_OPTION"$/);
	// Documented limits apply to what is stored, not to search terms (Get Many filters).
	const isFilter = slot.parents.some((p) => p.property.name === 'filters');
	if (property.type === 'string' && !isFilter) {
		const limits = provider.maxLength[`${resource}.${operation}`] ?? provider.maxLength[resource] ?? {};
		const max = limits[property.name] ?? limits['*'];
		if (max) {
			// an email field gets an address that is valid but for its length, so only the length is wrong
			const domain = '@example.com';
			const text = /email/i.test(property.name) ? `${'x'.repeat(max + 1 - domain.length)}${domain}` : 'x'.repeat(max + 1);
			add('over-long text', `${max + 1} characters`, text, new RegExp(`^must be at most ${max} characters, got ${max + 1}$`));
		}
	}
	// 3. an empty list where the operation needs a line
	if (property.type === 'fixedCollection' && property.required && property.typeOptions?.multipleValues) {
		for (const group of property.options) {
			out.push({
				kind: 'empty line list', input: `{ ${group.name}: [] }`, mutate: [{ path: slot.path, value: { [group.name]: [] } }],
				label: labelPattern(slot), missing: true, problem: MISSING,
			});
		}
	}
	return out.map((entry) => ({ ...entry, mutate: [...slot.ensure.map((e) => ({ ...e, ifAbsent: true })), ...entry.mutate] }));
}

/** Empty lists the API needs that the description does not mark required (bad-input-providers.js `requiredLists`). */
function requiredListCases(provider, key) {
	return (provider.requiredLists ?? [])
		.filter((list) => list.operation === key)
		.map((list) => ({
			kind: 'empty line list',
			field: list.path.join('.'),
			input: list.json ? '"[]"' : '{}',
			mutate: [
				...Object.entries(list.set ?? {}).map(([name, value]) => ({ path: [name], value })),
				{ path: list.path, value: list.json ? '[]' : {} },
			],
			label: new RegExp(`^${escape(list.label)}$`),
			missing: null,
			problem: /^(this field is required|add at least one .*)$/,
		}));
}

/** All bad-input cases of a provider: one entry per operation with its generated cases. */
function casesFor(provider) {
	const description = loadDescription(provider.file);
	const operations = operationsOf(description);
	return operations.map((key) => {
		const [resource, operation] = key.split('.');
		const valid = provider.valid[key];
		if (!valid) return { key, resource, operation, valid: undefined, cases: [] };
		const parametersOf = typeof valid === 'function' ? valid : valid.parameters;
		const dry = parametersOf(provider.dry);
		const cases = [];
		// One field can be described twice under one name, shown for different settings (Pennylane's
		// Language, per Authentication): its parameter is the same, so its cases are generated once.
		const seen = new Set();
		for (const slot of slotsOf(description, dry)) {
			for (const entry of wrongValues(slot, provider, resource, operation)) {
				const key = `${nameOf(slot)} ${entry.kind}`;
				if (seen.has(key)) continue;
				seen.add(key);
				cases.push({ ...entry, field: nameOf(slot) });
			}
		}
		cases.push(...requiredListCases(provider, key));
		return { key, resource, operation, valid: { parameters: parametersOf, item: valid.item }, cases };
	});
}

/** Applies a case's changes to a copy of the valid parameters. */
function applyMutations(parameters, mutations) {
	const result = clone(parameters);
	for (const change of mutations) {
		let target = result;
		for (let i = 0; i < change.path.length - 1; i++) {
			const key = change.path[i];
			if (target[key] === undefined || target[key] === null || typeof target[key] !== 'object') {
				target[key] = typeof change.path[i + 1] === 'number' ? [] : {};
			}
			target = target[key];
		}
		const last = change.path.at(-1);
		if (change.remove) delete target[last];
		else if (!(change.ifAbsent && target[last] !== undefined)) target[last] = clone(change.value);
	}
	return result;
}

module.exports = { loadDescription, operationsOf, casesFor, applyMutations, slotsOf };
