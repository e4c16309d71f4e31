'use strict';
// A small contract checker for sandbox request bodies: types, formats, required fields, lengths,
// enums. Returns a list of { field, problem, type } for the provider to word its own way.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DECIMAL = /^-?\d+(\.\d+)?$/;

function isDate(value) {
	if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const date = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const TYPES = {
	string: (v) => typeof v === 'string' || 'value is not a valid string',
	number: (v) => (typeof v === 'number' && Number.isFinite(v)) || 'value is not a valid number',
	integer: (v) => Number.isInteger(v) || 'value is not a valid integer',
	boolean: (v) => typeof v === 'boolean' || 'value is not a valid boolean',
	date: (v) => isDate(v) || 'invalid date format, expected YYYY-MM-DD',
	datetime: (v) => (typeof v === 'string' && !Number.isNaN(Date.parse(v))) || 'invalid date-time',
	uuid: (v) => (typeof v === 'string' && UUID.test(v)) || 'value is not a valid uuid',
	decimalString: (v) => (typeof v === 'string' && DECIMAL.test(v)) || 'value is not a decimal string',
	array: (v) => Array.isArray(v) || 'value is not a valid list',
	object: (v) => (v !== null && typeof v === 'object' && !Array.isArray(v)) || 'value is not a valid object',
	any: () => true,
};

function check(value, rule, field, problems) {
	if (value === undefined || value === null) {
		if (rule.required) problems.push({ field, problem: 'field required', type: 'missing' });
		return;
	}
	const typeCheck = TYPES[rule.type ?? 'any'](value);
	if (typeCheck !== true) {
		problems.push({ field, problem: typeCheck, type: `type_error.${rule.type}` });
		return;
	}
	if (rule.minLength !== undefined && String(value).length < rule.minLength)
		problems.push({ field, problem: `ensure this value has at least ${rule.minLength} characters`, type: 'value_error.any_str.min_length' });
	if (rule.maxLength !== undefined && String(value).length > rule.maxLength)
		problems.push({ field, problem: `ensure this value has at most ${rule.maxLength} characters`, type: 'value_error.any_str.max_length' });
	if (rule.min !== undefined && Number(value) < rule.min)
		problems.push({ field, problem: `ensure this value is greater than or equal to ${rule.min}`, type: 'value_error.number.not_ge' });
	if (rule.enum && !rule.enum.includes(value))
		problems.push({ field, problem: `value is not a valid enumeration member; permitted: ${rule.enum.map((e) => `'${e}'`).join(', ')}`, type: 'type_error.enum' });
	if (rule.type === 'array' && rule.items) value.forEach((entry, i) => check(entry, rule.items, `${field}.${i}`, problems));
	if (rule.type === 'array' && rule.minItems !== undefined && value.length < rule.minItems)
		problems.push({ field, problem: `ensure this list has at least ${rule.minItems} items`, type: 'value_error.list.min_items' });
	if (rule.type === 'object' && rule.properties) validate(value, rule.properties, problems, `${field}.`);
}

/** Checks `body` against `schema` ({ field: rule }); returns the problems found. */
function validate(body, schema, problems = [], prefix = '') {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) {
		problems.push({ field: prefix.replace(/\.$/, '') || 'body', problem: 'value is not a valid object', type: 'type_error.dict' });
		return problems;
	}
	for (const [field, rule] of Object.entries(schema)) check(body[field], rule, `${prefix}${field}`, problems);
	return problems;
}

module.exports = { validate, isDate, UUID };
